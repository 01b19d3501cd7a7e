{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>新建工作人员账号</h1>
    {{>NAV}}
  </div>
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <form method="post" action="/admin/staff/new" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="form-grid">
      <div class="field">
        <label for="username">用户名（3至32个字符：小写字母、数字、_ . -）</label>
        <input id="username" name="username" type="text" maxlength="32" autocomplete="off" value="{{USERNAME}}" required{{#HAS_USERNAME_ERROR}} aria-invalid="true" aria-describedby="username-error"{{/HAS_USERNAME_ERROR}}>
        {{#HAS_USERNAME_ERROR}}<p class="field-error" id="username-error">{{USERNAME_ERROR}}</p>{{/HAS_USERNAME_ERROR}}
      </div>
      <div class="field">
        <label for="display_name">显示名称</label>
        <input id="display_name" name="display_name" type="text" maxlength="50" value="{{DISPLAY_NAME}}" required{{#HAS_DISPLAY_NAME_ERROR}} aria-invalid="true" aria-describedby="display_name-error"{{/HAS_DISPLAY_NAME_ERROR}}>
        {{#HAS_DISPLAY_NAME_ERROR}}<p class="field-error" id="display_name-error">{{DISPLAY_NAME_ERROR}}</p>{{/HAS_DISPLAY_NAME_ERROR}}
      </div>
      <div class="field">
        <label for="role">角色</label>
        <select id="role" name="role"{{#HAS_ROLE_ERROR}} aria-invalid="true" aria-describedby="role-error"{{/HAS_ROLE_ERROR}}>
          {{#ROLE}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/ROLE}}
        </select>
        {{#HAS_ROLE_ERROR}}<p class="field-error" id="role-error">{{ROLE_ERROR}}</p>{{/HAS_ROLE_ERROR}}
      </div>
      <div class="field">
        <label for="county_code">所属县区（县区招办必选）</label>
        <select id="county_code" name="county_code"{{#HAS_COUNTY_CODE_ERROR}} aria-invalid="true" aria-describedby="county_code-error"{{/HAS_COUNTY_CODE_ERROR}}>
          <option value="">（不选）</option>
          {{#COUNTY}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/COUNTY}}
        </select>
        {{#HAS_COUNTY_CODE_ERROR}}<p class="field-error" id="county_code-error">{{COUNTY_CODE_ERROR}}</p>{{/HAS_COUNTY_CODE_ERROR}}
      </div>
      <div class="field">
        <label for="city_code">所属市（市招办必选）</label>
        <select id="city_code" name="city_code"{{#HAS_CITY_CODE_ERROR}} aria-invalid="true" aria-describedby="city_code-error"{{/HAS_CITY_CODE_ERROR}}>
          <option value="">（不选）</option>
          {{#CITY}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/CITY}}
        </select>
        {{#HAS_CITY_CODE_ERROR}}<p class="field-error" id="city_code-error">{{CITY_CODE_ERROR}}</p>{{/HAS_CITY_CODE_ERROR}}
      </div>
    </div>
    <fieldset>
      <legend>初始密码</legend>
      <div class="field">
        <label for="new_password">密码</label>
        <input id="new_password" name="new_password" type="password" maxlength="128" autocomplete="new-password" required{{#HAS_NEW_PASSWORD_ERROR}} aria-invalid="true" aria-describedby="new_password-error"{{/HAS_NEW_PASSWORD_ERROR}}>
        <p class="field-hint">8到128个字符，不能使用常见密码。</p>
        {{#HAS_NEW_PASSWORD_ERROR}}<p class="field-error" id="new_password-error">{{NEW_PASSWORD_ERROR}}</p>{{/HAS_NEW_PASSWORD_ERROR}}
      </div>
      <div class="field">
        <label for="confirm_password">确认密码</label>
        <input id="confirm_password" name="confirm_password" type="password" maxlength="128" autocomplete="new-password" required{{#HAS_CONFIRM_PASSWORD_ERROR}} aria-invalid="true" aria-describedby="confirm_password-error"{{/HAS_CONFIRM_PASSWORD_ERROR}}>
        {{#HAS_CONFIRM_PASSWORD_ERROR}}<p class="field-error" id="confirm_password-error">{{CONFIRM_PASSWORD_ERROR}}</p>{{/HAS_CONFIRM_PASSWORD_ERROR}}
      </div>
    </fieldset>
    <div class="actions"><button type="submit" class="button primary">创建账号</button> <a class="button" href="/admin/staff">返回列表</a></div>
  </form>
</section>
