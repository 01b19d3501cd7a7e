{{%AUTOESCAPE context="HTML"}}<section class="panel login-panel">
  <h1>招办工作人员登录</h1>
  {{#HAS_ERROR}}<p class="form-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
  <form method="post" action="/admin/login" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <div class="field">
      <label for="username">用户名</label>
      <input id="username" name="username" type="text" value="{{USERNAME}}" maxlength="32" autocomplete="username" autocapitalize="none" spellcheck="false" required>
    </div>
    <div class="field">
      <label for="password">密码</label>
      <input id="password" name="password" type="password" maxlength="128" autocomplete="current-password" required>
    </div>
    <div class="actions"><button type="submit" class="button primary">登录</button></div>
  </form>
  <p class="hint">本页面仅供市（县、区）招办及省审定组工作人员使用。考生请从 <a href="/login">考生登录</a> 进入。</p>
  <p class="hint">连续输错5次密码，账号将被锁定15分钟。</p>
</section>
