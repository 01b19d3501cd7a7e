{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>毕业申请费用</h1>
    {{>NAV}}
  </div>
  <p class="hint">当前批次：{{BATCH}}。考生按所报专业的单独费用缴费；专业没有单独设置时按默认费用。金额以元为单位，最多两位小数。</p>
  {{#HAS_DONE}}<p class="form-success" role="status">{{DONE}}</p>{{/HAS_DONE}}
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
</section>
<section class="panel">
  <h2>默认费用（所有专业）</h2>
  <p class="fee-default">当前：{{#HAS_DEFAULT}}<strong>{{DEFAULT_YUAN}}元</strong>（{{DEFAULT_UPDATED}} 设置）{{/HAS_DEFAULT}}{{#NO_DEFAULT}}未设置{{/NO_DEFAULT}}</p>
  <form method="post" action="/admin/settings/fees/default" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="field">
      <label for="default_amount">默认费用（元）</label>
      <input id="default_amount" name="default_amount" type="text" inputmode="decimal" maxlength="20" value="{{DEFAULT_AMOUNT}}" required{{#HAS_DEFAULT_AMOUNT_ERROR}} aria-invalid="true" aria-describedby="default_amount-error"{{/HAS_DEFAULT_AMOUNT_ERROR}}>
      {{#HAS_DEFAULT_AMOUNT_ERROR}}<p class="field-error" id="default_amount-error">{{DEFAULT_AMOUNT_ERROR}}</p>{{/HAS_DEFAULT_AMOUNT_ERROR}}
    </div>
    <div class="actions"><button type="submit" class="button primary">保存默认费用</button></div>
  </form>
</section>
<section class="panel">
  <h2>专业单独费用</h2>
  {{#NO_OVERRIDES}}<p class="hint">没有单独设置费用的专业。</p>{{/NO_OVERRIDES}}
  {{#HAS_OVERRIDES}}<div class="table-scroll" tabindex="0" role="region" aria-label="专业单独费用表"><table class="data fees">
    <thead><tr><th scope="col">专业</th><th scope="col">费用（元）</th><th scope="col">设置时间</th><th scope="col">操作</th></tr></thead>
    <tbody>
      {{#OVERRIDE}}<tr>
        <td>{{MAJOR}}</td><td class="num">{{YUAN}}</td><td class="num">{{UPDATED}}</td>
        <td><form method="post" action="/admin/settings/fees/majors/{{MAJOR_ID}}/delete" class="inline-form">
          <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
          <button type="submit" class="link-button">删除</button>
        </form></td>
      </tr>{{/OVERRIDE}}
    </tbody>
  </table></div>{{/HAS_OVERRIDES}}
  <form method="post" action="/admin/settings/fees/majors" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="form-grid">
      <div class="field">
        <label for="major_id">专业</label>
        <select id="major_id" name="major_id"{{#HAS_MAJOR_ID_ERROR}} aria-invalid="true" aria-describedby="major_id-error"{{/HAS_MAJOR_ID_ERROR}}>
          <option value="">（请选择）</option>
          {{#MAJOR_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/MAJOR_OPTION}}
        </select>
        {{#HAS_MAJOR_ID_ERROR}}<p class="field-error" id="major_id-error">{{MAJOR_ID_ERROR}}</p>{{/HAS_MAJOR_ID_ERROR}}
      </div>
      <div class="field">
        <label for="amount">费用（元）</label>
        <input id="amount" name="amount" type="text" inputmode="decimal" maxlength="20" value="{{AMOUNT}}" required{{#HAS_AMOUNT_ERROR}} aria-invalid="true" aria-describedby="amount-error"{{/HAS_AMOUNT_ERROR}}>
        {{#HAS_AMOUNT_ERROR}}<p class="field-error" id="amount-error">{{AMOUNT_ERROR}}</p>{{/HAS_AMOUNT_ERROR}}
      </div>
    </div>
    <div class="actions"><button type="submit" class="button primary">保存专业费用</button> <span class="hint">已设置的专业再次保存即修改。</span></div>
  </form>
</section>
<section class="panel">
  <h2>查询专业应缴费用</h2>
  <form method="get" action="/admin/settings/fees">
    <div class="field">
      <label for="check">专业</label>
      <select id="check" name="check">
        {{#CHECK_OPTION}}<option value="{{ID}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>{{/CHECK_OPTION}}
      </select>
    </div>
    <div class="actions"><button type="submit" class="button">查询</button></div>
  </form>
  {{#CHECKED}}<p class="fee-due" role="status">{{MAJOR}}：{{#HAS_DUE}}应缴 <strong>{{DUE_YUAN}}元</strong>{{/HAS_DUE}}{{#NO_DUE}}未设置费用，考生暂不能缴费{{/NO_DUE}}</p>{{/CHECKED}}
</section>
