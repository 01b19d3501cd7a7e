{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>新考生注册</h1>
  {{>STEPS}}
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <form method="post" action="/register/new" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <fieldset>
      <legend>个人信息</legend>
      <div class="form-grid">
        <div class="field">
          <label for="name">姓名 <span class="required">*</span></label>
          <input id="name" name="name" type="text" value="{{NAME}}" maxlength="30" autocomplete="name" required{{#HAS_ERR_NAME}} aria-invalid="true" aria-describedby="err-name"{{/HAS_ERR_NAME}}>
          {{#HAS_ERR_NAME}}<p class="field-error" id="err-name">{{ERR_NAME}}</p>{{/HAS_ERR_NAME}}
        </div>
        <div class="field">
          <label for="id_number">身份证号 <span class="required">*</span></label>
          <input id="id_number" name="id_number" type="text" value="{{ID_NUMBER}}" maxlength="18" autocomplete="off" required{{#HAS_ERR_ID_NUMBER}} aria-invalid="true" aria-describedby="err-id_number"{{/HAS_ERR_ID_NUMBER}}>
          {{#HAS_ERR_ID_NUMBER}}<p class="field-error" id="err-id_number">{{ERR_ID_NUMBER}}</p>{{/HAS_ERR_ID_NUMBER}}
        </div>
        <div class="field">
          <label for="ethnicity">民族 <span class="required">*</span></label>
          <select id="ethnicity" name="ethnicity" required{{#HAS_ERR_ETHNICITY}} aria-invalid="true" aria-describedby="err-ethnicity"{{/HAS_ERR_ETHNICITY}}>{{#ETHNICITY}}<option{{#SELECTED}} selected{{/SELECTED}}>{{OPTION}}</option>{{/ETHNICITY}}</select>
          {{#HAS_ERR_ETHNICITY}}<p class="field-error" id="err-ethnicity">{{ERR_ETHNICITY}}</p>{{/HAS_ERR_ETHNICITY}}
        </div>
        <div class="field">
          <label for="hukou">户口性质 <span class="required">*</span></label>
          <select id="hukou" name="hukou" required{{#HAS_ERR_HUKOU}} aria-invalid="true" aria-describedby="err-hukou"{{/HAS_ERR_HUKOU}}><option value="">请选择</option>{{#HUKOU}}<option{{#SELECTED}} selected{{/SELECTED}}>{{OPTION}}</option>{{/HUKOU}}</select>
          {{#HAS_ERR_HUKOU}}<p class="field-error" id="err-hukou">{{ERR_HUKOU}}</p>{{/HAS_ERR_HUKOU}}
        </div>
        <div class="field">
          <label for="education">文化程度 <span class="required">*</span></label>
          <select id="education" name="education" required{{#HAS_ERR_EDUCATION}} aria-invalid="true" aria-describedby="err-education"{{/HAS_ERR_EDUCATION}}><option value="">请选择</option>{{#EDUCATION}}<option{{#SELECTED}} selected{{/SELECTED}}>{{OPTION}}</option>{{/EDUCATION}}</select>
          {{#HAS_ERR_EDUCATION}}<p class="field-error" id="err-education">{{ERR_EDUCATION}}</p>{{/HAS_ERR_EDUCATION}}
        </div>
        <div class="field">
          <label for="occupation">职业 <span class="required">*</span></label>
          <select id="occupation" name="occupation" required{{#HAS_ERR_OCCUPATION}} aria-invalid="true" aria-describedby="err-occupation"{{/HAS_ERR_OCCUPATION}}><option value="">请选择</option>{{#OCCUPATION}}<option{{#SELECTED}} selected{{/SELECTED}}>{{OPTION}}</option>{{/OCCUPATION}}</select>
          {{#HAS_ERR_OCCUPATION}}<p class="field-error" id="err-occupation">{{ERR_OCCUPATION}}</p>{{/HAS_ERR_OCCUPATION}}
        </div>
        <div class="field">
          <label for="political_status">政治面貌 <span class="required">*</span></label>
          <select id="political_status" name="political_status" required{{#HAS_ERR_POLITICAL_STATUS}} aria-invalid="true" aria-describedby="err-political_status"{{/HAS_ERR_POLITICAL_STATUS}}><option value="">请选择</option>{{#POLITICAL}}<option{{#SELECTED}} selected{{/SELECTED}}>{{OPTION}}</option>{{/POLITICAL}}</select>
          {{#HAS_ERR_POLITICAL_STATUS}}<p class="field-error" id="err-political_status">{{ERR_POLITICAL_STATUS}}</p>{{/HAS_ERR_POLITICAL_STATUS}}
        </div>
        <div class="field">
          <label for="phone">手机号 <span class="required">*</span></label>
          <input id="phone" name="phone" type="tel" value="{{PHONE}}" maxlength="11" autocomplete="tel" required{{#HAS_ERR_PHONE}} aria-invalid="true" aria-describedby="err-phone"{{/HAS_ERR_PHONE}}>
          {{#HAS_ERR_PHONE}}<p class="field-error" id="err-phone">{{ERR_PHONE}}</p>{{/HAS_ERR_PHONE}}
        </div>
        <div class="field">
          <label for="county_code">报名区县 <span class="required">*</span></label>
          <select id="county_code" name="county_code" required{{#HAS_ERR_COUNTY_CODE}} aria-invalid="true" aria-describedby="err-county_code"{{/HAS_ERR_COUNTY_CODE}}><option value="">请选择</option>{{#CITY}}<optgroup label="{{CITY_NAME}}">{{#COUNTY}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/COUNTY}}</optgroup>{{/CITY}}</select>
          {{#HAS_ERR_COUNTY_CODE}}<p class="field-error" id="err-county_code">{{ERR_COUNTY_CODE}}</p>{{/HAS_ERR_COUNTY_CODE}}
        </div>
        <div class="field">
          <label for="email">电子邮箱</label>
          <input id="email" name="email" type="email" value="{{EMAIL}}" maxlength="100" autocomplete="email"{{#HAS_ERR_EMAIL}} aria-invalid="true" aria-describedby="err-email"{{/HAS_ERR_EMAIL}}>
          {{#HAS_ERR_EMAIL}}<p class="field-error" id="err-email">{{ERR_EMAIL}}</p>{{/HAS_ERR_EMAIL}}
        </div>
      </div>
    </fieldset>
    <fieldset>
      <legend>设置登录密码</legend>
      <div class="form-grid">
        <div class="field">
          <label for="password">密码 <span class="required">*</span></label>
          <input id="password" name="password" type="password" maxlength="128" autocomplete="new-password" required{{#HAS_ERR_PASSWORD}} aria-invalid="true" aria-describedby="err-password"{{/HAS_ERR_PASSWORD}}>
          <p class="field-hint">8到128个字符，不能使用常见密码。</p>
          {{#RETYPE_PASSWORD}}<p class="field-hint retype">出于安全考虑，系统不保存未完成注册的密码，请重新输入密码和确认密码。</p>{{/RETYPE_PASSWORD}}
          {{#HAS_ERR_PASSWORD}}<p class="field-error" id="err-password">{{ERR_PASSWORD}}</p>{{/HAS_ERR_PASSWORD}}
        </div>
        <div class="field">
          <label for="confirm_password">确认密码 <span class="required">*</span></label>
          <input id="confirm_password" name="confirm_password" type="password" maxlength="128" autocomplete="new-password" required{{#HAS_ERR_CONFIRM_PASSWORD}} aria-invalid="true" aria-describedby="err-confirm_password"{{/HAS_ERR_CONFIRM_PASSWORD}}>
          {{#HAS_ERR_CONFIRM_PASSWORD}}<p class="field-error" id="err-confirm_password">{{ERR_CONFIRM_PASSWORD}}</p>{{/HAS_ERR_CONFIRM_PASSWORD}}
        </div>
      </div>
    </fieldset>
    <fieldset>
      <legend>上传“三照”</legend>
      <p class="field-hint">三张照片必须为同一人，JPG 或 PNG 格式，每张小于2MB，确保清晰。</p>
      {{#PHOTO}}<div class="field">
        <label for="photo_{{KIND}}">{{LABEL}} <span class="required">*</span></label>
        {{#KEPT}}<p class="kept-upload" id="kept_{{KIND}}"><span class="kept-mark">已上传</span>：已通过检查并保存，提交时无需再选；如需更换，请重新选择：</p>{{/KEPT}}
        <input id="photo_{{KIND}}" name="photo_{{KIND}}" type="file" accept="image/jpeg,image/png"{{#KEPT}} aria-describedby="kept_{{KIND}}"{{/KEPT}}{{#NEEDED}} required{{/NEEDED}}{{#HAS_ERR_PHOTO}} aria-invalid="true" aria-describedby="err-photo_{{KIND}}"{{/HAS_ERR_PHOTO}}>
        {{#HAS_ERR_PHOTO}}<p class="field-error" id="err-photo_{{KIND}}">{{ERR_PHOTO}}</p>{{/HAS_ERR_PHOTO}}
      </div>
      {{/PHOTO}}{{#CHOOSE_AGAIN}}<p class="field-hint">没有标明“已上传”的照片请重新选择后提交。</p>{{/CHOOSE_AGAIN}}
    </fieldset>
    <div class="actions"><button type="submit" class="button primary">提交注册</button> <a class="button" href="/register">返回</a></div>
  </form>
</section>
