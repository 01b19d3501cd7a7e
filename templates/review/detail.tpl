{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>身份认证审核</h1>
    {{>NAV}}
  </div>
  <p><a href="/admin/verifications">返回审核列表</a></p>
  <h2>考生信息</h2>
  <table class="profile">
    <tr><th scope="row">姓名</th><td>{{NAME}}</td><th scope="row">身份证号</th><td class="id-number">{{ID_NUMBER}}</td></tr>
    <tr><th scope="row">性别</th><td>{{GENDER}}</td><th scope="row">报名区县</th><td>{{COUNTY}}</td></tr>
    <tr><th scope="row">手机号</th><td>{{PHONE}}</td><th scope="row">考生类型</th><td>{{ORIGIN}}</td></tr>
    <tr><th scope="row">认证方式</th><td>{{PATH}}</td><th scope="row">提交时间</th><td>{{SUBMITTED}}</td></tr>
    <tr><th scope="row">系统初审</th><td>{{OUTCOME}}：{{VERIFIER_REASON}}</td><th scope="row">审核状态</th><td class="verification-status">{{STATUS}}</td></tr>
  </table>
</section>
{{#RESET}}<section class="panel reset-check">
  <h2>找回密码：与存档照片核对</h2>
  <p class="hint">这是一次找回密码申请：通过后新密码立即生效，考生的所有登录将被退出。请逐一比对下面的存档照片（最近一次通过认证时的照片）与新上传的照片是否为同一人；无法确认时请不通过，并请考生携带身份证到报名点办理。系统已通知账号本人（登记的手机号，以及登记了的电子邮箱），本人可在您处理前取消申请。</p>
  {{#HAS_RECORD}}<ul class="tiles photos record-photos">
    {{#RECORD_PHOTO}}<li class="tile">
      <h3>存档：{{LABEL}}</h3>
      <a href="/admin/photos/{{PHOTO_ID}}" target="_blank" rel="noopener"><img src="/admin/photos/{{PHOTO_ID}}" alt="存档{{LABEL}}" width="240"></a>
    </li>{{/RECORD_PHOTO}}
  </ul>{{/HAS_RECORD}}
  {{#NO_RECORD}}<p class="form-error" role="alert">该考生档案中没有经过认证的照片（考籍信息导入时即为已认证）。仅凭新照片无法确认是本人，请通过电话回访或要求考生本人携带身份证到报名点核实后再处理。</p>{{/NO_RECORD}}
</section>{{/RESET}}
<section class="panel">
  <h2>{{#RESET}}新上传的照片{{/RESET}}{{#NOT_RESET}}认证照片{{/NOT_RESET}}</h2>
  <p class="hint">请核对照片中的人像与身份证是否为同一人、身份证信息是否与考生信息一致。点击照片可查看原图。</p>
  <ul class="tiles photos">
    {{#PHOTO}}<li class="tile">
      <h3>{{LABEL}}</h3>
      <a href="/admin/photos/{{PHOTO_ID}}" target="_blank" rel="noopener"><img src="/admin/photos/{{PHOTO_ID}}" alt="{{LABEL}}" width="240"></a>
    </li>{{/PHOTO}}
  </ul>
</section>
{{#OPEN}}<section class="panel">
  <h2>审核操作</h2>
  <p class="hint">身份证号、手机号完整显示仅供核对，本次查看已记入工作人员操作日志。</p>
  <form method="post" action="/admin/verifications/{{ID}}/approve" class="confirm-decision" data-confirm="确认通过该考生的身份认证？通过后不可撤销。">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="field">
      <label><input type="checkbox" id="approve-checked" name="checked" value="1" required{{#APPROVE_CHECK_ERROR}} aria-invalid="true" aria-describedby="approve-check-error"{{/APPROVE_CHECK_ERROR}}> 已核对：照片中的人像与身份证为同一人，身份证上的姓名、身份证号与考生信息一致</label>
      {{#APPROVE_CHECK_ERROR}}<p class="field-error" id="approve-check-error">{{CHECK_ERROR}}</p>{{/APPROVE_CHECK_ERROR}}
    </div>
    <div class="actions"><button type="submit" class="button primary">通过</button></div>
  </form>
  <form method="post" action="/admin/verifications/{{ID}}/refuse" class="confirm-decision" data-confirm="确认不通过该考生的身份认证？不通过原因将告知考生。" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="field">
      <label for="reason">不通过原因（考生可见，2至200字）</label>
      <textarea id="reason" name="reason" rows="3" cols="28" maxlength="200" required{{#HAS_REASON_ERROR}} aria-invalid="true" aria-describedby="reason-error"{{/HAS_REASON_ERROR}}>{{REASON:pre_escape}}</textarea>
      {{#HAS_REASON_ERROR}}<p class="field-error" id="reason-error">{{REASON_ERROR}}</p>{{/HAS_REASON_ERROR}}
    </div>
    <div class="field">
      <label><input type="checkbox" id="refuse-checked" name="checked" value="1" required{{#REFUSE_CHECK_ERROR}} aria-invalid="true" aria-describedby="refuse-check-error"{{/REFUSE_CHECK_ERROR}}> 已核对：照片与考生信息不符或无法确认，确认不通过</label>
      {{#REFUSE_CHECK_ERROR}}<p class="field-error" id="refuse-check-error">{{CHECK_ERROR}}</p>{{/REFUSE_CHECK_ERROR}}
    </div>
    <div class="actions"><button type="submit" class="button">不通过</button></div>
  </form>
</section>
<script src="/static/staff_confirm.js" defer></script>{{/OPEN}}
{{#DECIDED}}<section class="panel">
  <h2>处理结果</h2>
  <table class="profile">
    <tr><th scope="row">结果</th><td>{{STATUS}}</td></tr>
    <tr><th scope="row">处理人</th><td>{{DECIDED_BY}}</td></tr>
    <tr><th scope="row">处理时间</th><td>{{DECIDED_AT}}</td></tr>
    {{#HAS_REFUSAL}}<tr><th scope="row">不通过原因</th><td>{{REFUSAL}}</td></tr>{{/HAS_REFUSAL}}
  </table>
</section>{{/DECIDED}}
