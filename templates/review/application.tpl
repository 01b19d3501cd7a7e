{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>毕业申请详情</h1>
    {{>NAV}}
  </div>
  <p><a href="/admin/prereview">返回预审列表</a> · <a href="/admin/oldplan">旧计划核验列表</a> · <a href="/admin/materials">材料交回列表</a> · <a href="/admin/final">审定列表</a></p>
  <h2>考生信息</h2>
  <table class="profile">
    <tr><th scope="row">姓名</th><td>{{NAME}}</td><th scope="row">身份证号</th><td class="id-number">{{ID_NUMBER}}</td></tr>
    <tr><th scope="row">准考证号</th><td>{{TICKET_NO}}</td><th scope="row">性别</th><td>{{GENDER}}</td></tr>
    <tr><th scope="row">毕业申请区县</th><td>{{COUNTY}}</td><th scope="row">手机号</th><td>{{PHONE}}</td></tr>
    <tr><th scope="row">地址</th><td>{{ADDRESS}}</td><th scope="row">提交时间</th><td>{{SUBMITTED}}（第{{ATTEMPT}}次申请）</td></tr>
    <tr><th scope="row">审批进度</th><td colspan="3"><strong class="application-status">{{STATUS}}</strong>{{#HAS_PREREVIEW_REASON}}<br>不通过原因：{{REASON}}{{/HAS_PREREVIEW_REASON}}{{#HAS_FINAL_REASON}}<br>不通过原因：{{FINAL_REASON}}{{/HAS_FINAL_REASON}}</td></tr>
  </table>
  <p><a href="/admin/applications/{{ID}}/photo" target="_blank" rel="noopener">查看毕业照片</a>（新窗口打开；查看记录写入审计日志）</p>
</section>
{{#MAJOR}}<section class="panel">
  <h2>申请专业{{SEQ}}：{{INSTITUTION}} {{MAJOR}}</h2>
  {{#NO_AUDIT}}<p class="hint">暂无审核结果。</p>{{/NO_AUDIT}}
  <p class="status-line {{VERDICT_CLASS}}">{{VERDICT}}（已用学分 {{CREDITS_USED}}，最低总学分 {{MIN_TOTAL}}）</p>
  {{#AUDIT_REASON}}<p>{{LINE}}</p>{{/AUDIT_REASON}}
  <div class="table-scroll" tabindex="0" role="region" aria-label="申请专业{{SEQ}}课程审核表"><table class="data">
    <thead><tr><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">学分</th><th scope="col">合格</th><th scope="col">认定方式</th><th scope="col">备注</th></tr></thead>
    <tbody>{{#COURSE}}<tr><td>{{CODE}}</td><td>{{NAME}}</td><td class="num">{{CREDITS}}</td><td>{{MARK}}</td><td>{{HOW}}</td><td>{{NOTE}}</td></tr>{{/COURSE}}
    {{#GROUP}}<tr><td colspan="2">选考：{{TITLE}}</td><td class="num">{{CREDITS}}</td><td>{{MARK}}</td><td colspan="2">{{BY}}</td></tr>{{/GROUP}}</tbody>
  </table></div>
</section>{{/MAJOR}}
<section class="panel">
  <h2>顶替课程</h2>
  {{#SUBSTITUTION}}<p>{{KIND}}：新计划课程 {{NEW}} 顶替旧计划课程 {{OLD}}</p>{{/SUBSTITUTION}}
  {{#ENGLISH}}<p>顶替英语二：{{CODE}} {{NAME}}（{{CREDITS}}学分）</p>{{/ENGLISH}}
  <p class="hint">一对一顶替由系统按规则自动认定，见上表“认定方式”。</p>
</section>
{{#OLDPLAN}}<section class="panel" id="oldplan">
  <h2>旧计划课程（实践课考核卡）核验</h2>
  <div class="table-scroll" tabindex="0" role="region" aria-label="旧计划课程核验表"><table class="data">
    <thead><tr><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">合格时间</th><th scope="col">成绩</th><th scope="col">核验</th><th scope="col">操作</th></tr></thead>
    <tbody>{{#OLD_COURSE}}<tr><td>{{CODE}}</td><td>{{NAME}}</td><td>{{PASSED_ON}}</td><td>{{SCORE}}</td><td>{{CHECK}} {{CHECKED_BY}}</td><td>{{#CAN_CHECK}}<form method="post" action="/admin/applications/{{ID}}/oldplan" class="inline-form"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="course" value="{{CODE}}"><button type="submit" name="verdict" value="verified" class="button">核验通过</button> <button type="submit" name="verdict" value="refused" class="button">核验不通过</button></form>{{/CAN_CHECK}}</td></tr>{{/OLD_COURSE}}</tbody>
  </table></div>
  {{#ARCHIVE}}<h3>考生上传的证书扫描件：{{FILE_NAME}}（{{FORMAT}}，{{SIZE}}）</h3>
  <ul class="archive-entries">{{#ENTRY}}<li>{{PATH}}（{{TYPE}}{{#OPEN}}，{{SIZE}}，<a href="/admin/applications/{{ID}}/archive/{{INDEX}}" target="_blank" rel="noopener">打开</a>{{/OPEN}}）</li>{{/ENTRY}}</ul>{{/ARCHIVE}}
  {{#NO_ARCHIVE}}<p class="form-error">考生未上传证书扫描件。</p>{{/NO_ARCHIVE}}
  <p class="hint">逐门核对扫描件与所填课程、合格时间、成绩；核验后系统重新审核该申请，结果见上方各专业的审核表。</p>
</section>{{/OLDPLAN}}
{{#CHSI}}<section class="panel">
  <h2>学信网学历验证记录（本科）</h2>
  {{#NO_CHSI}}<p class="form-error">没有学信网学历验证记录。</p>{{/NO_CHSI}}
  {{#CHSI_RECORD}}<p>{{NAME}}（{{GENDER}}）· {{SCHOOL}} · {{MAJOR}} · {{LEVEL}} · {{YEARS}} · {{CONCLUSION}}</p>{{/CHSI_RECORD}}
</section>{{/CHSI}}
<section class="panel">
  <h2>支付</h2>
  <div class="table-scroll" tabindex="0" role="region" aria-label="支付记录表"><table class="data">
    <thead><tr><th scope="col">商户订单号</th><th scope="col">金额</th><th scope="col">支付方式</th><th scope="col">支付状态</th><th scope="col">创建时间</th><th scope="col">支付时间</th><th scope="col">支付平台交易号</th></tr></thead>
    <tbody>{{#ORDER}}<tr><td>{{ORDER_NO}}</td><td class="num">{{AMOUNT}}</td><td>{{#HAS_CHANNEL}}{{CHANNEL_NAME}}{{/HAS_CHANNEL}}</td><td>{{STATUS_TEXT}}</td><td>{{CREATED_AT}}</td><td>{{#IS_PAID}}{{PAID_AT}}{{/IS_PAID}}</td><td>{{#IS_PAID}}{{TRADE_NO}}{{/IS_PAID}}</td></tr>
    {{#MESSAGE}}<tr class="payment-message"><td colspan="7">{{AT}} {{SOURCE}}：{{OUTCOME}} {{DETAIL}}</td></tr>{{/MESSAGE}}{{/ORDER}}</tbody>
  </table></div>
</section>
<section class="panel">
  <h2>审批记录</h2>
  <div class="table-scroll" tabindex="0" role="region" aria-label="审批记录表"><table class="data">
    <thead><tr><th scope="col">时间</th><th scope="col">原状态</th><th scope="col">新状态</th><th scope="col">处理人</th><th scope="col">说明</th></tr></thead>
    <tbody>{{#EVENT}}<tr><td>{{AT}}</td><td>{{FROM}}</td><td>{{TO}}</td><td>{{ACTOR}}</td><td>{{NOTE}}</td></tr>{{/EVENT}}</tbody>
  </table></div>
</section>
{{#PREREVIEW_FORM}}<section class="panel">
  <h2>预审</h2>
  <form method="post" action="/admin/applications/{{ID}}/prereview/approve">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="actions"><button type="submit" class="button primary">预审通过</button></div>
  </form>
  <form method="post" action="/admin/applications/{{ID}}/prereview/refuse" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <fieldset{{#HAS_ERROR}} aria-describedby="prereview-error"{{/HAS_ERROR}}>
      <legend>预审不通过原因（考生可见）</legend>
      {{#REASON_OPTION}}<label class="radio"><input type="radio" name="reason_code" value="{{CODE}}"{{#CHECKED}} checked{{/CHECKED}}> {{LABEL}}</label>
      {{/REASON_OPTION}}
      <div class="field">
        <label for="prereview-reason">补充说明（选“其他”时必填，最多500字）</label>
        <textarea id="prereview-reason" name="reason" rows="3" cols="28" maxlength="500"{{#HAS_ERROR}} aria-invalid="true"{{/HAS_ERROR}}>{{TEXT:pre_escape}}</textarea>
      </div>
      {{#HAS_ERROR}}<p class="field-error" id="prereview-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
    </fieldset>
    <div class="actions"><button type="submit" class="button">预审不通过</button></div>
  </form>
</section>{{/PREREVIEW_FORM}}
{{#PREREVIEW_ELSEWHERE}}<section class="panel"><p class="hint">该申请由县区招办或市招办预审。</p></section>{{/PREREVIEW_ELSEWHERE}}
{{#MATERIALS_FORM}}<section class="panel">
  <h2>材料交回</h2>
  <p>确认已收到考生交回的纸质《毕业生登记表》及相关原件。确认后考生不能再修改登记表。</p>
  <form method="post" action="/admin/applications/{{ID}}/materials-returned">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="actions"><button type="submit" class="button primary">确认材料已交回</button></div>
  </form>
</section>{{/MATERIALS_FORM}}
{{#FINAL_FORM}}<section class="panel">
  <h2>毕业审定</h2>
  <form method="post" action="/admin/applications/{{ID}}/final/approve">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="actions"><button type="submit" class="button primary">审定通过</button></div>
  </form>
  <form method="post" action="/admin/applications/{{ID}}/final/refuse" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <div class="field">
      <label for="final-reason">审定不通过原因（考生可见，2至500字）</label>
      <textarea id="final-reason" name="reason" rows="3" cols="28" maxlength="500"{{#HAS_ERROR}} aria-invalid="true" aria-describedby="final-error"{{/HAS_ERROR}}>{{TEXT:pre_escape}}</textarea>
      {{#HAS_ERROR}}<p class="field-error" id="final-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
    </div>
    <div class="actions"><button type="submit" class="button">审定不通过</button></div>
  </form>
</section>{{/FINAL_FORM}}
