{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>退出登录</h1>
  <p>确定要退出后台登录吗？</p>
  <form method="post" action="/admin/logout">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="actions"><button type="submit" class="button primary">退出登录</button> <a class="button" href="/admin">返回工作台</a></div>
  </form>
</section>
