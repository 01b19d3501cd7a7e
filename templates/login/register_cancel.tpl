{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>取消找回密码申请</h1>
  {{#CONFIRM}}
  <p>有人以您的身份证号和姓名提交了找回密码申请，正在等待报名点核对照片。</p>
  <p>如果这不是您本人的操作，请点击下面的按钮取消该申请：取消后新密码不会生效，您的原密码继续有效。</p>
  <form method="post" action="/register/cancel" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="r" value="{{R}}">
    <input type="hidden" name="t" value="{{T}}">
    <div class="actions"><button type="submit" class="button primary">取消该申请</button> <a class="button" href="/login">不取消，返回登录</a></div>
  </form>
  {{/CONFIRM}}
  {{#CANCELLED}}<p class="status-line ok" role="status">找回密码申请已取消。</p><p>您的原密码继续有效。为安全起见，建议登录后修改密码；如有疑问请联系所在报名点。</p>
  <p class="actions"><a class="button primary" href="/login">考生登录</a></p>{{/CANCELLED}}
  {{#REFUSED}}<p class="form-error" role="alert">{{MESSAGE}}</p>
  <p class="actions"><a class="button" href="/login">返回登录</a></p>{{/REFUSED}}
</section>
