{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>业务开放时间</h1>
    {{>NAV}}
  </div>
  <p class="hint">当前批次：{{BATCH}}。时间均为北京时间。个人中心的“快捷入口”按这里的设置显示（最多延迟10秒）；毕业申请的填报和提交每次都按这里的设置检查。</p>
  {{#HAS_DONE}}<p class="form-success" role="status">{{DONE}}</p>{{/HAS_DONE}}
</section>
{{#BUSINESS}}<section class="panel business-window" id="window-{{CODE}}">
  <h2>{{TITLE}}</h2>
  <p class="window-state">当前状态：{{#DATES}}开始 {{OPENS}}，结束 {{CLOSES}}，<span class="state {{STATE_CLASS}}">{{STATE}}</span>{{/DATES}}{{#ALWAYS_OPEN}}<span class="state open">已开放</span>（不限时间）{{/ALWAYS_OPEN}}{{#NOT_OPEN}}<span class="state closed">(未开放)</span>{{/NOT_OPEN}}</p>
  <div class="actions">
    <form method="post" action="/admin/settings/windows/{{CODE}}" class="inline-form">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <input type="hidden" name="mode" value="always_open">
      <button type="submit" class="button primary">立即开放</button>
    </form>
    <form method="post" action="/admin/settings/windows/{{CODE}}" class="inline-form">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <input type="hidden" name="mode" value="closed">
      <button type="submit" class="button">立即关闭</button>
    </form>
  </div>
  <form method="post" action="/admin/settings/windows/{{CODE}}" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
    <fieldset{{#HAS_MODE_ERROR}} aria-describedby="mode-{{CODE}}-error"{{/HAS_MODE_ERROR}}>
      <legend>开放方式</legend>
      <label><input type="radio" name="mode" value="closed"{{#MODE_CLOSED}} checked{{/MODE_CLOSED}}> 未开放</label><br>
      <label><input type="radio" name="mode" value="always_open"{{#MODE_ALWAYS}} checked{{/MODE_ALWAYS}}> 已开放（不限时间）</label><br>
      <label><input type="radio" name="mode" value="dated"{{#MODE_DATED}} checked{{/MODE_DATED}}> 按时间段</label>
      {{#HAS_MODE_ERROR}}<p class="field-error" id="mode-{{CODE}}-error">{{MODE_ERROR}}</p>{{/HAS_MODE_ERROR}}
    </fieldset>
    <div class="form-grid">
      <div class="field">
        <label for="opens-{{CODE}}">开始时间（按时间段时填写）</label>
        <input id="opens-{{CODE}}" name="opens" type="datetime-local" value="{{OPENS_INPUT}}"{{#HAS_OPENS_ERROR}} aria-invalid="true" aria-describedby="opens-{{CODE}}-error"{{/HAS_OPENS_ERROR}}>
        {{#HAS_OPENS_ERROR}}<p class="field-error" id="opens-{{CODE}}-error">{{OPENS_ERROR}}</p>{{/HAS_OPENS_ERROR}}
      </div>
      <div class="field">
        <label for="closes-{{CODE}}">结束时间（按时间段时填写）</label>
        <input id="closes-{{CODE}}" name="closes" type="datetime-local" value="{{CLOSES_INPUT}}"{{#HAS_CLOSES_ERROR}} aria-invalid="true" aria-describedby="closes-{{CODE}}-error"{{/HAS_CLOSES_ERROR}}>
        {{#HAS_CLOSES_ERROR}}<p class="field-error" id="closes-{{CODE}}-error">{{CLOSES_ERROR}}</p>{{/HAS_CLOSES_ERROR}}
      </div>
    </div>
    <div class="actions"><button type="submit" class="button primary">保存{{TITLE}}设置</button></div>
  </form>
</section>{{/BUSINESS}}
