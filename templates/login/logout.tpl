{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>退出登录</h1>
  <p>点击“退出登录”即可退出。</p>
  <form method="post" action="/logout">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="actions"><button type="submit" class="button primary">退出登录</button> <a class="button" href="/">返回首页</a></div>
  </form>
</section>
