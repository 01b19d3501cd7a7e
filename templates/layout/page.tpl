{{%AUTOESCAPE context="HTML"}}<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} - 山西自学考试信息服务平台</title>
<link rel="stylesheet" href="/static/site.css">
</head>
<body>
<header class="site-header">
  <div class="brand"><span class="brand-name">山西自学考试信息服务平台</span><span class="brand-url">HTTP://ZIKAO.SXKSZX.CN/</span></div>
  <nav class="top-bar" aria-label="站点导航">
    <a href="{{HOME_HREF}}">系统首页</a>
    <span class="today">{{TODAY}}</span>
    <span class="motto">学习改变命运，自考成就梦想！</span>
    {{#SIGNED_IN}}<span class="user">{{USER_NAME}}</span>
    <form method="post" action="{{LOGOUT_ACTION}}" class="inline-form">
      <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
      <button type="submit" class="link-button">退出登录</button>
    </form>{{/SIGNED_IN}}
  </nav>
</header>
<main class="content">
{{BODY:none}}
</main>
<footer class="site-footer">山西省招生考试管理中心 · 高等教育自学考试毕业网上申请</footer>
</body>
</html>
