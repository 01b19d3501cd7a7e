{{%AUTOESCAPE context="HTML"}}<section class="panel pay-success">
  <h1><span class="check" aria-hidden="true">✔</span> 订单支付成功</h1>
  <dl class="profile">
    <dt>姓名：</dt><dd>{{NAME}}</dd>
    <dt>证件号码：</dt><dd>{{ID_NUMBER}}</dd>
    <dt>准考证号：</dt><dd>{{TICKET_NO}}</dd>
    <dt>订单号：</dt><dd>{{ORDER_NO}}</dd>
  </dl>
  <p class="status-line ok" role="status">您本次毕业申请支付成功！</p>
  <p class="form-error">提示：点击“查看订单并打印”，查看本次毕业申请支付情况和详情。</p>
  <p class="actions"><a class="button primary" href="/pay/receipt/{{ORDER_NO}}">查看订单并打印</a> <a class="button" href="/apply/status">毕业申请信息详情</a> <a class="button" href="/">返回首页</a></p>
</section>
