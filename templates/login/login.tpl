{{%AUTOESCAPE context="HTML"}}<section class="panel login-panel">
  <h1>考生登录</h1>
  {{#HAS_ERROR}}<p class="form-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  <form method="post" action="/login" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <div class="field">
      <label for="login_name">身份证号或准考证号</label>
      <input id="login_name" name="login_name" type="text" value="{{LOGIN_NAME}}" maxlength="18" autocomplete="username" required>
    </div>
    <div class="field">
      <label for="password">密码</label>
      <input id="password" name="password" type="password" maxlength="128" autocomplete="current-password" required>
    </div>
    <div class="actions"><button type="submit" class="button primary">登录</button></div>
  </form>
  <p class="hint">未获得登录密码的在籍考生和新考生请先 <a href="/register">考生注册</a>；忘记密码请通过 <a href="/register/enrolled">在籍考生认证</a> 重新设置。</p>
  <p class="hint">连续输错5次密码，账号将被锁定15分钟。</p>
</section>
