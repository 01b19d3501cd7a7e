{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>{{HEADING}}</h1>
  <p>姓名：{{NAME}}　证件号码：{{ID_NUMBER}}　准考证号：{{TICKET_NO}}</p>
  <p class="form-error" role="alert">{{MESSAGE}}</p>
  <p class="actions"><a class="button primary" href="{{HREF}}">{{LABEL}}</a> <a class="button" href="/">返回首页</a></p>
</section>
