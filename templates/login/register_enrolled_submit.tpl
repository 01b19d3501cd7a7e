{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>{{#RESET}}找回密码{{/RESET}}{{#FIRST_PASSWORD}}在籍考生认证{{/FIRST_PASSWORD}}</h1>
  {{>STEPS}}
  <p>已核对考籍信息：{{NAME}}（{{MASKED_ID}}）。</p>
  {{#RESET}}<p class="hint">您的账号已设置过密码。上传“两照”并通过身份验证后，新密码才会生效，其他设备上的登录将全部退出；验证通过前原密码仍然有效。</p>{{/RESET}}
  {{#FIRST_PASSWORD}}<p class="hint">设置的密码立即生效；身份验证通过前，登录后只能查看认证进度。</p>{{/FIRST_PASSWORD}}
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <form method="post" action="/register/enrolled" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="step" value="submit">
    <input type="hidden" name="id_number" value="{{ID_NUMBER}}">
    <input type="hidden" name="name" value="{{NAME}}">
    <fieldset>
      <legend>{{#RESET}}设置新密码{{/RESET}}{{#FIRST_PASSWORD}}设置登录密码{{/FIRST_PASSWORD}}</legend>
      <div class="field">
        <label for="password">密码</label>
        <input id="password" name="password" type="password" maxlength="128" autocomplete="new-password" required{{#HAS_ERR_PASSWORD}} aria-invalid="true" aria-describedby="err-password"{{/HAS_ERR_PASSWORD}}>
        <p class="field-hint">8到128个字符，不能使用常见密码。</p>
        {{#HAS_ERR_PASSWORD}}<p class="field-error" id="err-password">{{ERR_PASSWORD}}</p>{{/HAS_ERR_PASSWORD}}
      </div>
      <div class="field">
        <label for="confirm_password">确认密码</label>
        <input id="confirm_password" name="confirm_password" type="password" maxlength="128" autocomplete="new-password" required{{#HAS_ERR_CONFIRM_PASSWORD}} aria-invalid="true" aria-describedby="err-confirm_password"{{/HAS_ERR_CONFIRM_PASSWORD}}>
        {{#HAS_ERR_CONFIRM_PASSWORD}}<p class="field-error" id="err-confirm_password">{{ERR_CONFIRM_PASSWORD}}</p>{{/HAS_ERR_CONFIRM_PASSWORD}}
      </div>
    </fieldset>
    <fieldset>
      <legend>上传“两照”</legend>
      <p class="field-hint">两张照片必须为同一人，JPG 或 PNG 格式，每张小于2MB，确保清晰。</p>
      <div class="field">
        <label for="photo_id_front">1、考生身份证照片（人像面）</label>
        <input id="photo_id_front" name="photo_id_front" type="file" accept="image/jpeg,image/png" required{{#HAS_ERR_PHOTO_ID_FRONT}} aria-invalid="true" aria-describedby="err-photo_id_front"{{/HAS_ERR_PHOTO_ID_FRONT}}>
        {{#HAS_ERR_PHOTO_ID_FRONT}}<p class="field-error" id="err-photo_id_front">{{ERR_PHOTO_ID_FRONT}}</p>{{/HAS_ERR_PHOTO_ID_FRONT}}
      </div>
      <div class="field">
        <label for="photo_id_in_hand">2、考生手持身份证照（半身）</label>
        <input id="photo_id_in_hand" name="photo_id_in_hand" type="file" accept="image/jpeg,image/png" required{{#HAS_ERR_PHOTO_ID_IN_HAND}} aria-invalid="true" aria-describedby="err-photo_id_in_hand"{{/HAS_ERR_PHOTO_ID_IN_HAND}}>
        {{#HAS_ERR_PHOTO_ID_IN_HAND}}<p class="field-error" id="err-photo_id_in_hand">{{ERR_PHOTO_ID_IN_HAND}}</p>{{/HAS_ERR_PHOTO_ID_IN_HAND}}
      </div>
    </fieldset>
    <div class="actions"><button type="submit" class="button primary">提交认证</button> <a class="button" href="/register/enrolled">上一步</a></div>
  </form>
</section>
