{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>山西省高等教育自学考试毕业申请信息确认页</h1>
  {{>STEPS}}
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  {{#HAS_PRIOR_BLOCK}}<p class="form-error" role="alert">{{PRIOR_BLOCK}}</p>{{/HAS_PRIOR_BLOCK}}
  <table class="profile">
    <tr><th scope="row">姓名</th><td>{{NAME}}</td><th scope="row">身份证号</th><td>{{ID_NUMBER}}</td></tr>
    <tr><th scope="row">性别</th><td>{{GENDER}}</td><th scope="row">准考证号</th><td>{{TICKET_NO}}</td></tr>
    <tr><th scope="row">毕业申请区县</th><td>{{COUNTY}}</td><th scope="row">手机号</th><td>{{PHONE}}</td></tr>
    <tr><th scope="row">地址</th><td colspan="3">{{ADDRESS}}</td></tr>
    <tr><th scope="row">准考证照片</th><td colspan="3">{{#HAS_PHOTO}}<img class="ticket-photo" src="/apply/photo" alt="准考证照片（报名时的证件照）" width="120">{{/HAS_PHOTO}}{{#NO_PHOTO}}系统中没有您的准考证照片（报名照片由县（市、区）自考部门采集），如有疑问请联系县（市、区）自考部门。{{/NO_PHOTO}}</td></tr>
  </table>
</section>
<section class="panel">
  <h2>毕业申请专业信息</h2>
  <div class="table-scroll" tabindex="0" role="region" aria-label="毕业申请专业信息表">
    <table class="data">
      <thead><tr><th scope="col">序号</th><th scope="col">申请院校</th><th scope="col">申请专业</th></tr></thead>
      <tbody>{{#MAJOR}}<tr><td>{{SEQ}}</td><td>{{INSTITUTION_NAME}}</td><td>{{MAJOR_NAME}}</td></tr>{{/MAJOR}}</tbody>
    </table>
  </div>
</section>
<section class="panel">
  <h2>添加旧计划课程信息</h2>
  {{#NO_OLDPLAN}}<p class="hint">未添加旧计划课程。</p>{{/NO_OLDPLAN}}
  {{#HAS_OLDPLAN}}<div class="table-scroll" tabindex="0" role="region" aria-label="旧计划课程信息表">
    <table class="data">
      <thead><tr><th scope="col">序号</th><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">合格时间</th><th scope="col">成绩</th></tr></thead>
      <tbody>{{#OLDPLAN}}<tr><td>{{SEQ}}</td><td>{{CODE}}</td><td>{{NAME}}</td><td>{{PASSED_ON}}</td><td>{{SCORE}}</td></tr>{{/OLDPLAN}}</tbody>
    </table>
  </div>{{/HAS_OLDPLAN}}
  {{#HAS_SUBSTITUTIONS}}<h2>新计划顶替课程</h2>
  <ul class="credit-summary">{{#SUBSTITUTION}}<li>{{NEW_CODE}} 顶替 {{OLD_CODES}}</li>{{/SUBSTITUTION}}</ul>{{/HAS_SUBSTITUTIONS}}
  {{#HAS_ENGLISH}}<h2>顶替英语二课程</h2><p>{{ENGLISH_CODES}}</p>{{/HAS_ENGLISH}}
</section>
<section class="panel">
  <p class="hint">提示：1.请考生再次确认个人基本信息（姓名、身份证号、性别、准考证照片）、申请专业信息等内容是否正确，以上内容涉及考生毕业证书及档案资料，请务必认真核对。如有错误请勿提交，在网上毕业申请期间尽快到县（市、区）自考部门进行信息修改，修改后再登录系统申请。</p>
  <p class="hint">2.确认无误后可点击“提交”，提交后不可再进行网上毕业申请。</p>
  <form method="post" action="/apply/submit" id="submit-form" data-confirm="提交后不可再进行网上毕业申请，确认提交？">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <p><label><input type="checkbox" name="confirm_submit" value="1" required> 我已确认以上信息无误，提交后不可再进行网上毕业申请</label></p>
    <div class="actions">
      <a class="button" href="/apply/majors">上一步</a>
      <button type="submit" class="button primary">提交</button>
      <a class="button" href="/">返回首页</a>
    </div>
  </form>
</section>
<script src="/static/confirm.js" defer></script>
