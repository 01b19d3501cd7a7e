{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>工作人员账号：{{USERNAME}}</h1>
    {{>NAV}}
  </div>
  {{#HAS_DONE}}<p class="form-success" role="status">{{DONE}}</p>{{/HAS_DONE}}
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <table class="profile">
    <tr><th scope="row">用户名</th><td>{{USERNAME}}</td></tr>
    <tr><th scope="row">显示名称</th><td>{{DISPLAY_NAME}}</td></tr>
    <tr><th scope="row">角色</th><td>{{ROLE}}</td></tr>
    <tr><th scope="row">管辖范围</th><td>{{AREA}}</td></tr>
    <tr><th scope="row">状态</th><td class="account-state">{{ACTIVE}}</td></tr>
    <tr><th scope="row">创建时间</th><td>{{CREATED}}</td></tr>
    <tr><th scope="row">密码设置时间</th><td>{{PASSWORD_CHANGED}}</td></tr>
  </table>
  {{#SELF}}<p class="hint">这是您自己的账号，不能在此停用。</p>{{/SELF}}
  {{#CAN_DISABLE}}<form method="post" action="/admin/staff/{{ID}}/disable" class="actions">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="button">停用账号</button> <span class="hint">停用后该账号的所有登录立即退出。</span>
  </form>{{/CAN_DISABLE}}
  {{#CAN_ENABLE}}<form method="post" action="/admin/staff/{{ID}}/enable" class="actions">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="button primary">启用账号</button>
  </form>{{/CAN_ENABLE}}
</section>
<section class="panel">
  <h2>重置密码</h2>
  <p class="hint">重置后该账号的所有登录立即退出，请将新密码告知账号本人。</p>
  <form method="post" action="/admin/staff/{{ID}}/password" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="field">
      <label for="new_password">新密码</label>
      <input id="new_password" name="new_password" type="password" maxlength="128" autocomplete="new-password" required{{#HAS_NEW_PASSWORD_ERROR}} aria-invalid="true" aria-describedby="new_password-error"{{/HAS_NEW_PASSWORD_ERROR}}>
      <p class="field-hint">8到128个字符，不能使用常见密码。</p>
      {{#HAS_NEW_PASSWORD_ERROR}}<p class="field-error" id="new_password-error">{{NEW_PASSWORD_ERROR}}</p>{{/HAS_NEW_PASSWORD_ERROR}}
    </div>
    <div class="field">
      <label for="confirm_password">确认新密码</label>
      <input id="confirm_password" name="confirm_password" type="password" maxlength="128" autocomplete="new-password" required{{#HAS_CONFIRM_PASSWORD_ERROR}} aria-invalid="true" aria-describedby="confirm_password-error"{{/HAS_CONFIRM_PASSWORD_ERROR}}>
      {{#HAS_CONFIRM_PASSWORD_ERROR}}<p class="field-error" id="confirm_password-error">{{CONFIRM_PASSWORD_ERROR}}</p>{{/HAS_CONFIRM_PASSWORD_ERROR}}
    </div>
    <div class="actions"><button type="submit" class="button primary">重置密码</button></div>
  </form>
</section>
