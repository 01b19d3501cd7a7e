{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>毕业申请支付</h1>
  <p>姓名：{{NAME}}　证件号码：{{ID_NUMBER}}　准考证号：{{TICKET_NO}}</p>
  {{#HAS_MAJORS}}<div class="table-scroll" tabindex="0" role="region" aria-label="毕业申请费用表">
    <table class="data">
      <thead><tr><th scope="col">序号</th><th scope="col">申请院校</th><th scope="col">申请专业</th></tr></thead>
      <tbody>{{#MAJOR}}<tr><td>{{SEQ}}</td><td>{{INSTITUTION_NAME}}</td><td>{{MAJOR_NAME}}</td></tr>{{/MAJOR}}</tbody>
    </table>
  </div>{{/HAS_MAJORS}}
  {{#HAS_FEE}}<p class="fee">毕业申请费用总计：<strong>{{FEE}}</strong>元</p>{{/HAS_FEE}}
  <p class="notice">预审结束后，毕业审定工作组集体会审，因考生自身原因审核不通过的，审核费用不予退还。</p>
  {{#HAS_NO_PROVIDER}}<p class="form-error" role="alert">{{NO_PROVIDER}}</p>{{/HAS_NO_PROVIDER}}
  {{#REFUSED}}<p class="form-error" role="alert">{{REASON}}</p>{{/REFUSED}}
  {{#CAN_CREATE}}<form method="post" action="/pay/orders" class="actions">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="button primary">创建订单</button>
  </form>{{/CAN_CREATE}}
  {{#OPEN}}<p class="status-line wait" role="status">您有一个未完成的订单（商户订单号：{{ORDER_NO}}，订单金额：{{AMOUNT}}，{{STATUS_TEXT}}），请在 {{EXPIRES_AT}} 前完成支付。</p>
  <p class="actions"><a class="button primary" href="/pay/order/{{ORDER_NO}}">继续支付</a></p>{{/OPEN}}
  {{#PAID}}<p class="status-line ok" role="status">支付成功。商户订单号：{{ORDER_NO}}　支付金额：{{AMOUNT}}</p>
  <p class="actions"><a class="button primary" href="/pay/receipt/{{ORDER_NO}}">查看订单并打印</a></p>{{/PAID}}
  {{>PROMPTS}}
  <p class="actions"><a class="button" href="/apply/status">毕业申请信息详情</a> <a class="button" href="/">返回首页</a></p>
</section>
