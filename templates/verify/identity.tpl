{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>身份认证</h1>
  {{>STEPS}}
  <p>考生：{{NAME}}</p>
  {{#VERIFIED}}<p class="status-line ok" role="status">身份认证已通过。</p><p class="actions"><a class="button primary" href="/">进入个人中心</a></p>{{/VERIFIED}}
  {{#MANUAL}}<p class="status-line wait" role="status">报名点人工审核中。</p><p>审核通过后即可进入个人中心办理各项业务，请耐心等待或联系所属报名点。</p>{{/MANUAL}}
  {{#REFUSED}}<p class="status-line bad" role="status">身份认证未通过。</p><p>原因：{{REFUSAL}}</p><p>请按原因重新拍摄后上传，或到所属报名点进行人工审核。</p>{{/REFUSED}}
  {{#NOT_SUBMITTED}}<p class="status-line wait" role="status">尚未上传认证照片。</p>{{/NOT_SUBMITTED}}
  {{#SUBMISSION}}<h2>最近一次提交（{{SUBMITTED}}）</h2>
  <ul class="photo-list">{{#PHOTO}}<li><figure><img src="/verify/photo/{{ID}}" alt="{{LABEL}}"><figcaption>{{LABEL}}</figcaption></figure></li>{{/PHOTO}}</ul>{{/SUBMISSION}}
</section>
{{#UPLOAD}}<section class="panel">
  <h2>上传“{{WHICH}}”</h2>
  <p class="field-hint">照片必须为本人，JPG 或 PNG 格式，每张小于2MB，确保清晰。</p>
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <form method="post" action="/verify/identity" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    {{#FIELD}}<div class="field">
      <label for="photo_{{KIND}}">{{LABEL}}</label>
      <input id="photo_{{KIND}}" name="photo_{{KIND}}" type="file" accept="image/jpeg,image/png" required{{#HAS_ERROR}} aria-invalid="true" aria-describedby="err-photo_{{KIND}}"{{/HAS_ERROR}}>
      {{#HAS_ERROR}}<p class="field-error" id="err-photo_{{KIND}}">{{ERROR}}</p>{{/HAS_ERROR}}
    </div>{{/FIELD}}
    <div class="actions"><button type="submit" class="button primary">提交认证</button></div>
  </form>
</section>{{/UPLOAD}}
