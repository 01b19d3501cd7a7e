{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>毕业照片审核</h1>
    {{>NAV}}
  </div>
  <p><a href="/admin/graduation-photos">返回审核列表</a></p>
  <h2>考生信息</h2>
  <table class="profile">
    <tr><th scope="row">姓名</th><td>{{NAME}}</td><th scope="row">身份证号</th><td class="id-number">{{ID_NUMBER}}</td></tr>
    <tr><th scope="row">准考证号</th><td>{{TICKET_NO}}</td><th scope="row">性别</th><td>{{GENDER}}</td></tr>
    <tr><th scope="row">毕业申请区县</th><td>{{COUNTY}}</td><th scope="row">上传时间</th><td>{{SUBMITTED}}</td></tr>
    <tr><th scope="row">系统认证</th><td>{{OUTCOME}}：{{VERIFIER_REASON}}</td><th scope="row">审核状态</th><td class="verification-status">{{STATUS}}</td></tr>
  </table>
</section>
<section class="panel">
  <h2>照片比对</h2>
  <p class="hint">请比对毕业照片与考生注册时的证件照是否为同一人，并核对毕业照片是否符合采集要求：近期正面免冠彩色头像，浅蓝色、白色或浅灰色背景，无镜像、无修饰，除头像外无边框、文字、图案。</p>
  <ul class="tiles photos side-by-side">
    <li class="tile">
      <h3>毕业照片（480×640）</h3>
      <a href="/admin/graduation-photos/{{ID}}/image/{{PHOTO_ID}}" target="_blank" rel="noopener"><img src="/admin/graduation-photos/{{ID}}/image/{{PHOTO_ID}}" alt="毕业照片" width="240" height="320"></a>
      {{#HAS_ORIGINAL}}<p><a href="/admin/graduation-photos/{{ID}}/original">下载考生上传的原始文件</a></p>{{/HAS_ORIGINAL}}
    </li>
    {{#RECORD_PHOTO}}<li class="tile">
      <h3>注册存档：{{LABEL}}</h3>
      <a href="/admin/graduation-photos/{{ID}}/image/{{PHOTO_ID}}" target="_blank" rel="noopener"><img src="/admin/graduation-photos/{{ID}}/image/{{PHOTO_ID}}" alt="注册存档{{LABEL}}" width="240"></a>
    </li>{{/RECORD_PHOTO}}
  </ul>
  {{#NO_RECORD}}<p class="form-error" role="alert">该考生档案中没有经过认证的注册照片（考籍信息导入时即为已认证），请核对考生本人身份证或通过电话回访确认后再处理。</p>{{/NO_RECORD}}
</section>
{{#OPEN}}<section class="panel">
  <h2>审核操作</h2>
  <form method="post" action="/admin/graduation-photos/{{ID}}/approve">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="actions"><button type="submit" class="button primary">通过</button></div>
  </form>
  <form method="post" action="/admin/graduation-photos/{{ID}}/refuse" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="field">
      <label for="reason">不通过原因（考生可见，2至200字）</label>
      <textarea id="reason" name="reason" rows="3" cols="28" maxlength="200" required{{#HAS_REASON_ERROR}} aria-invalid="true" aria-describedby="reason-error"{{/HAS_REASON_ERROR}}>{{REASON:pre_escape}}</textarea>
      {{#HAS_REASON_ERROR}}<p class="field-error" id="reason-error">{{REASON_ERROR}}</p>{{/HAS_REASON_ERROR}}
    </div>
    <div class="actions"><button type="submit" class="button">不通过</button></div>
  </form>
</section>{{/OPEN}}
{{#DECIDED}}<section class="panel">
  <h2>处理结果</h2>
  <table class="profile">
    <tr><th scope="row">结果</th><td>{{STATUS}}</td></tr>
    <tr><th scope="row">处理人</th><td>{{DECIDED_BY}}</td></tr>
    <tr><th scope="row">处理时间</th><td>{{DECIDED_AT}}</td></tr>
    {{#HAS_REFUSAL}}<tr><th scope="row">不通过原因</th><td>{{REFUSAL}}</td></tr>{{/HAS_REFUSAL}}
  </table>
</section>{{/DECIDED}}
