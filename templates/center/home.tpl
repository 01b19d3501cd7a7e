{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>个人中心</h1>
    <p class="panel-links"><a href="/password">修改密码</a> <a href="/logout">退出登录</a></p>
  </div>
  <table class="profile">
    <tr><th scope="row">姓名</th><td>{{NAME}}</td><th scope="row">身份证号</th><td class="id-number">{{ID_NUMBER}}</td></tr>
    <tr><th scope="row">准考证号</th><td>{{TICKET_NO}}</td><th scope="row">性别</th><td>{{GENDER}}</td></tr>
    <tr><th scope="row">民族</th><td>{{ETHNICITY}}</td><th scope="row">户口性质</th><td>{{HUKOU}}</td></tr>
    <tr><th scope="row">文化程度</th><td>{{EDUCATION}}</td><th scope="row">职业</th><td>{{OCCUPATION}}</td></tr>
    <tr><th scope="row">政治面貌</th><td>{{POLITICAL}}</td><th scope="row">手机号</th><td>{{PHONE}}</td></tr>
    <tr><th scope="row">报名区县</th><td>{{COUNTY}}</td><th scope="row">电子邮箱</th><td>{{EMAIL}}</td></tr>
  </table>
</section>
<section class="panel">
  <h2>快捷入口</h2>
  <ul class="tiles">
    {{#WINDOW}}<li class="tile">
      <h3>{{#ENTER}}<a href="{{LINK}}">{{/ENTER}}{{TITLE}}{{#ENTER}}</a>{{/ENTER}}</h3>
      {{#DATES}}<p>开始: {{OPENS}}</p><p>结束: {{CLOSES}}</p><p class="state {{STATE_CLASS}}">{{STATE}}</p>{{/DATES}}
      {{#ALWAYS_OPEN}}<p class="state open">已开放</p>{{/ALWAYS_OPEN}}
      {{#NOT_OPEN}}<p class="state closed">(未开放)</p>{{/NOT_OPEN}}
    </li>{{/WINDOW}}
  </ul>
</section>
<section class="panel">
  <h2>查询中心</h2>
  <ul class="query-links">
    {{#QUERY_LINK}}<li><a href="{{HREF}}">{{TITLE}}</a></li>{{/QUERY_LINK}}
  </ul>
</section>
