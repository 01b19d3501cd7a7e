{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>山西省高等教育自学考试毕业申请信息详情</h1>
  <p>姓名：{{NAME}}　证件号码：{{ID_NUMBER}}　准考证号：{{TICKET_NO}}</p>
  {{#NO_APPLICATION}}<p class="message">您在本批次尚未进行毕业申请。</p>
  {{#CAN_START}}<p class="actions"><a class="button primary" href="/apply">毕业申请</a></p>{{/CAN_START}}{{/NO_APPLICATION}}
  {{#APPLICATION}}
  {{#SECOND_ATTEMPT}}<p class="hint">本次为重新申请（第2次）。</p>{{/SECOND_ATTEMPT}}
  <div class="table-scroll" tabindex="0" role="region" aria-label="毕业申请信息表">
    <table class="data">
      <thead><tr><th scope="col">序号</th><th scope="col">申请院校</th><th scope="col">申请专业</th><th scope="col">审批进度</th><th scope="col">查看</th><th scope="col">备注</th><th scope="col">操作</th></tr></thead>
      <tbody>{{#ROW}}<tr><td>{{SEQ}}</td><td>{{INSTITUTION_NAME}}</td><td>{{MAJOR_NAME}}</td><td>{{STATUS}}</td><td><a href="#audit-{{SEQ}}">审核详情</a></td><td>{{#HAS_REASON}}{{REASON}}{{/HAS_REASON}}</td><td>{{#REAPPLY}}<form method="post" action="/apply/reapply" class="inline-form"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><button type="submit" class="button">重新申请</button></form>{{/REAPPLY}}{{#REGFORM}}<a href="/regform">毕业生登记表</a>{{/REGFORM}}</td></tr>{{/ROW}}</tbody>
    </table>
  </div>
  <p class="status-line {{LINE_CLASS}}" role="status">{{STATUS_LINE}}</p>
  {{#UPLOAD_PHOTO}}<p class="actions"><a class="button primary" href="/photo">上传毕业照片</a></p>
  <p class="hint">毕业申请提交成功，考生须进行毕业证书电子注册图像采集，采集完成并且认证通过后方可进行支付操作。</p>{{/UPLOAD_PHOTO}}
  {{#VIEW_PHOTO}}<p><a href="/photo/view/{{PHOTO_ATTEMPT_ID}}">查看考生毕业照</a>　<a href="/photo">毕业照片认证详情</a></p>{{/VIEW_PHOTO}}
  {{#HAS_SUBMITTED_AT}}<p class="hint">提交时间：{{SUBMITTED_AT}}</p>{{/HAS_SUBMITTED_AT}}
  {{#CONTINUE}}<p class="actions"><a class="button primary" href="/apply">继续填报毕业申请</a></p>{{/CONTINUE}}
  {{#HAS_FEE}}<p class="fee">毕业申请费用总计：<strong>{{FEE}}</strong>元</p>{{/HAS_FEE}}
  {{#HAS_ORDERS}}<div class="table-scroll" tabindex="0" role="region" aria-label="支付订单表">
    <table class="data">
      <thead><tr><th scope="col">订单编号</th><th scope="col">姓名</th><th scope="col">证件号码</th><th scope="col">支付金额</th><th scope="col">支付状态</th></tr></thead>
      <tbody>{{#ORDER}}<tr><td>{{ORDER_NO}}</td><td>{{NAME}}</td><td>{{ID_NUMBER}}</td><td class="num">{{AMOUNT}}</td><td>{{STATUS_TEXT}}</td></tr>{{/ORDER}}</tbody>
    </table>
  </div>{{/HAS_ORDERS}}
  {{#PAID}}<p class="form-success">支付成功。</p>{{/PAID}}
  {{#REGFORM_OPEN}}<p>请考生点击“<a href="/regform">毕业生登记表</a>”，准确完成相关内容信息填报，打印《毕业生登记表》（pdf）一式两份，《毕业生登记表》一旦签字确认后（交回县区自考部门）将不得修改。</p>{{/REGFORM_OPEN}}
  {{#CAN_PAY}}<p class="actions"><a class="button primary" href="/pay">毕业申请支付</a></p>{{/CAN_PAY}}
  {{>PROMPTS}}
  {{#PAID}}<p class="hint">注：考生缴费成功20分钟后可通过网上查验及打印功能进行电子票据查验。</p>{{/PAID}}
  {{/APPLICATION}}
  <p class="actions"><a class="button" href="/">返回首页</a></p>
</section>
{{#APPLICATION}}{{#DETAIL}}<section class="panel" id="audit-{{SEQ}}">
  <h2>审核详情：{{MAJOR_NAME}}</h2>
  <div class="table-scroll" tabindex="0" role="region" aria-label="审核详情{{SEQ}}表">
    <table class="data">
      <thead><tr><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">学分</th><th scope="col">合格</th><th scope="col">方式</th><th scope="col">备注</th></tr></thead>
      <tbody>{{#COURSE}}<tr><td>{{CODE}}</td><td>{{NAME}}</td><td class="num">{{CREDITS}}</td><td>{{MARK}}</td><td>{{HOW}}</td><td>{{NOTE}}</td></tr>{{/COURSE}}</tbody>
    </table>
  </div>
  <p>已计入学分 {{CREDITS_USED}} / 毕业最低总学分 {{MIN_TOTAL}}</p>
</section>{{/DETAIL}}{{/APPLICATION}}
