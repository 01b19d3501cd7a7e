{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>修改密码</h1>
  {{#DONE}}<p class="form-success" role="status">密码已修改。其他设备上的登录已全部退出。</p>{{/DONE}}
  <form method="post" action="/password" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="field">
      <label for="old_password">原密码</label>
      <input id="old_password" name="old_password" type="password" maxlength="128" autocomplete="current-password" required{{#HAS_OLD_ERROR}} aria-invalid="true" aria-describedby="err-old_password"{{/HAS_OLD_ERROR}}>
      {{#HAS_OLD_ERROR}}<p class="field-error" id="err-old_password">{{OLD_ERROR}}</p>{{/HAS_OLD_ERROR}}
    </div>
    <div class="field">
      <label for="new_password">新密码</label>
      <input id="new_password" name="new_password" type="password" maxlength="128" autocomplete="new-password" required{{#HAS_NEW_ERROR}} aria-invalid="true" aria-describedby="err-new_password"{{/HAS_NEW_ERROR}}>
      <p class="field-hint">8到128个字符，不能使用常见密码。</p>
      {{#HAS_NEW_ERROR}}<p class="field-error" id="err-new_password">{{NEW_ERROR}}</p>{{/HAS_NEW_ERROR}}
    </div>
    <div class="field">
      <label for="confirm_password">确认新密码</label>
      <input id="confirm_password" name="confirm_password" type="password" maxlength="128" autocomplete="new-password" required{{#HAS_CONFIRM_ERROR}} aria-invalid="true" aria-describedby="err-confirm_password"{{/HAS_CONFIRM_ERROR}}>
      {{#HAS_CONFIRM_ERROR}}<p class="field-error" id="err-confirm_password">{{CONFIRM_ERROR}}</p>{{/HAS_CONFIRM_ERROR}}
    </div>
    <div class="actions"><button type="submit" class="button primary">确认修改</button> <a class="button" href="/">返回首页</a></div>
  </form>
</section>
