{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>{{HEADING}}</h1>
    {{>NAV}}
  </div>
  {{#EDITING}}<p class="hint">当前状态：{{STATE}}。保存不会改变撤回状态。</p>{{/EDITING}}
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <form method="post" action="{{ACTION}}" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="field">
      <label for="title">标题（1至100字）</label>
      <input id="title" name="title" type="text" maxlength="100" value="{{TITLE}}" required{{#HAS_TITLE_ERROR}} aria-invalid="true" aria-describedby="title-error"{{/HAS_TITLE_ERROR}}>
      {{#HAS_TITLE_ERROR}}<p class="field-error" id="title-error">{{TITLE_ERROR}}</p>{{/HAS_TITLE_ERROR}}
    </div>
    <div class="field">
      <label for="body">正文（纯文本，1至20000字；换行即分段）</label>
      <textarea id="body" name="body" rows="14" maxlength="20000" required{{#HAS_BODY_ERROR}} aria-invalid="true" aria-describedby="body-error"{{/HAS_BODY_ERROR}}>{{BODY:pre_escape}}</textarea>
      {{#HAS_BODY_ERROR}}<p class="field-error" id="body-error">{{BODY_ERROR}}</p>{{/HAS_BODY_ERROR}}
    </div>
    <div class="field">
      <label for="published_at">发布时间（北京时间；留空表示立即发布）</label>
      <input id="published_at" name="published_at" type="datetime-local" value="{{PUBLISHED_AT}}"{{#HAS_PUBLISHED_AT_ERROR}} aria-invalid="true" aria-describedby="published_at-error"{{/HAS_PUBLISHED_AT_ERROR}}>
      {{#HAS_PUBLISHED_AT_ERROR}}<p class="field-error" id="published_at-error">{{PUBLISHED_AT_ERROR}}</p>{{/HAS_PUBLISHED_AT_ERROR}}
    </div>
    <div class="actions"><button type="submit" class="button primary">保存</button> <a class="button" href="/admin/notices">返回列表</a></div>
  </form>
</section>
