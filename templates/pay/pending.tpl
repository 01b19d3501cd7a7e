{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>支付处理中</h1>
  <p>姓名：{{NAME}}　证件号码：{{ID_NUMBER}}　准考证号：{{TICKET_NO}}</p>
  <p class="status-line wait" role="status">支付处理中，请稍候刷新</p>
  <p class="hint">商户订单号：{{ORDER_NO}}　订单金额：{{AMOUNT}}{{#HAS_CHANNEL}}　支付方式：{{CHANNEL_NAME}}{{/HAS_CHANNEL}}</p>
  <p class="hint">支付平台确认到账后，本页将显示“订单支付成功”。若您已在支付平台完成付款，请勿重复支付；若未付款，可返回订单继续支付。</p>
  <p class="actions"><a class="button primary" href="{{REFRESH}}">刷新</a> <a class="button" href="/pay/order/{{ORDER_NO}}">返回订单</a> <a class="button" href="/">返回首页</a></p>
</section>
