{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>毕业生登记表</h1>
  <p class="message" role="status">{{REASON}}</p>
  <table class="profile">
    <tr><th scope="row">姓名</th><td>{{NAME}}</td><th scope="row">身份证号</th><td>{{ID_NUMBER}}</td></tr>
    <tr><th scope="row">性别</th><td>{{GENDER}}</td><th scope="row">准考证号</th><td>{{TICKET_NO}}</td></tr>
    {{#FORM}}
    <tr><th scope="row">民族</th><td>{{ETHNICITY}}</td><th scope="row">职业</th><td>{{OCCUPATION}}</td></tr>
    <tr><th scope="row">政治面貌</th><td>{{POLITICAL}}</td><th scope="row">手机号</th><td>{{PHONE}}</td></tr>
    <tr><th scope="row">已取得学历</th><td>{{EDUCATION}}</td><th scope="row">健康状况</th><td>{{HEALTH}}</td></tr>
    <tr><th scope="row">参加工作时间</th><td>{{WORK_START}}</td><th scope="row">是否华侨、港澳、台属</th><td>{{OVERSEAS}}</td></tr>
    <tr><th scope="row">籍贯</th><td>{{NATIVE_PLACE}}</td><th scope="row">工作单位</th><td>{{EMPLOYER}}</td></tr>
    <tr><th scope="row">详细住址</th><td colspan="3">{{ADDRESS}}</td></tr>
    {{/FORM}}
  </table>
  {{#FORM}}{{#RESUME}}
  <h2>学习和工作经历</h2>
  <div class="table-scroll" tabindex="0" role="region" aria-label="学习和工作经历表"><table class="data">
    <thead><tr><th scope="col">自何年月</th><th scope="col">至何年月</th><th scope="col">在何地何单位学习或工作</th></tr></thead>
    <tbody>{{#ROW}}<tr><td>{{FROM}}</td><td>{{TO}}</td><td>{{PLACE}}</td></tr>{{/ROW}}</tbody>
  </table></div>
  <h2>家庭主要成员</h2>
  {{#NO_MEMBER}}<p>未填写</p>{{/NO_MEMBER}}
  <div class="table-scroll" tabindex="0" role="region" aria-label="家庭主要成员表"><table class="data">
    <thead><tr><th scope="col">姓名</th><th scope="col">称谓</th><th scope="col">工作单位</th><th scope="col">职务</th></tr></thead>
    <tbody>{{#MEMBER}}<tr><td>{{MEMBER_NAME}}</td><td>{{RELATION}}</td><td>{{EMPLOYER}}</td><td>{{POSITION}}</td></tr>{{/MEMBER}}</tbody>
  </table></div>
  <h2>参加自学考试期间受到过何种奖励或处分</h2>
  <p class="pre-line">{{REWARDS}}</p>
  <h2>自我鉴定</h2>
  {{#HANDWRITTEN}}<p>打印后手写</p>{{/HANDWRITTEN}}{{#TYPED}}<p class="pre-line">{{SELF_EVALUATION}}</p>{{/TYPED}}
  {{#CAN_DOWNLOAD}}<p class="actions"><a class="button primary" href="/regform/pdf" download>下载《毕业生登记表》PDF</a></p>{{/CAN_DOWNLOAD}}
  {{/RESUME}}{{/FORM}}
  <p class="actions"><a class="button" href="/apply/status">毕业申请信息详情</a> <a class="button" href="/">返回首页</a></p>
</section>
