{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>个人中心</h1>
    <div class="panel-links"><a href="/password">修改密码</a> <form method="post" action="/logout" class="inline-form"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="link-button">退出登录</button></form></div>
  </div>
  <table class="profile">
    <tr><th scope="row">姓名</th><td>{{NAME}}</td><th scope="row">身份证号</th><td class="id-number">{{ID_NUMBER}}</td></tr>
    <tr><th scope="row">准考证号</th><td>{{TICKET_NO}}{{#NO_TICKET}}<span class="hint">暂无（首次报考后生成）</span>{{/NO_TICKET}}</td><th scope="row">性别</th><td>{{GENDER}}</td></tr>
    <tr><th scope="row">民族</th><td>{{ETHNICITY}}</td><th scope="row">户口性质</th><td>{{HUKOU}}</td></tr>
    <tr><th scope="row">文化程度</th><td>{{EDUCATION}}</td><th scope="row">职业</th><td>{{OCCUPATION}}</td></tr>
    <tr><th scope="row">政治面貌</th><td>{{POLITICAL}}</td><th scope="row">手机号</th><td>{{PHONE}}</td></tr>
    <tr><th scope="row">报名区县</th><td>{{COUNTY}}</td><th scope="row">电子邮箱</th><td>{{EMAIL}}</td></tr>
  </table>
</section>
{{#PHOTO_DUE}}<section class="panel notice">
  <h2>毕业证书电子注册图像采集</h2>
  <p>您的毕业申请已提交，须进行毕业证书电子注册图像采集，采集完成并且认证通过后方可进行支付操作。</p>
  <p class="actions"><a class="button primary" href="/photo">上传毕业照片</a> <a class="button" href="/apply/status">查看毕业申请信息详情</a></p>
</section>{{/PHOTO_DUE}}
{{#PHOTO_DONE}}<section class="panel notice">
  <h2>毕业申请</h2>
  <p><a href="/apply/status">查看毕业申请信息详情</a>　<a href="/photo">毕业照片认证详情</a></p>
</section>{{/PHOTO_DONE}}
<section class="panel">
  <h2>快捷入口</h2>
  <ul class="tiles">
    {{#WINDOW}}<li class="tile">
      <h3>{{#ENTER}}<a href="{{HREF}}"{{#EXTERNAL}} target="_blank" rel="noopener"{{/EXTERNAL}}>{{/ENTER}}{{TITLE}}{{#ENTER}}{{#EXTERNAL}}<span class="external-mark">{{MARK}}</span>{{/EXTERNAL}}</a>{{/ENTER}}</h3>
      {{#DATES}}<p>开始: {{OPENS}}</p><p>结束: {{CLOSES}}</p><p class="state {{STATE_CLASS}}">{{STATE}}</p>{{/DATES}}
      {{#ALWAYS_OPEN}}<p class="state open">已开放</p>{{/ALWAYS_OPEN}}
      {{#NOT_OPEN}}<p class="state closed">(未开放)</p>{{/NOT_OPEN}}
    </li>{{/WINDOW}}
  </ul>
</section>
<section class="panel">
  <h2>查询中心</h2>
  <ul class="query-links">
    {{#QUERY_LINK}}<li><a href="{{HREF}}"{{#EXTERNAL}} target="_blank" rel="noopener"{{/EXTERNAL}}>{{TITLE}}{{#EXTERNAL}}<span class="external-mark">{{MARK}}</span>{{/EXTERNAL}}</a></li>{{/QUERY_LINK}}
  </ul>
</section>
