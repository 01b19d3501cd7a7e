{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>毕业申请支付</h1>
  <p>姓名：{{NAME}}　证件号码：{{ID_NUMBER}}　准考证号：{{TICKET_NO}}</p>
  {{#OPEN}}
  <p class="form-success" role="status">创建订单成功！商户订单号：<strong class="order-no">{{ORDER_NO}}</strong>　订单金额：<strong>{{AMOUNT}}</strong></p>
  <p class="hint">请在 {{EXPIRES_AT}} 前完成支付，逾期订单自动关闭。</p>
  <form method="post" action="/pay/order/{{ORDER_NO}}/confirm">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <fieldset>
      <legend>请选择支付方式进行支付！</legend>
      {{#CHANNEL}}<label class="radio"><input type="radio" name="channel" value="{{CODE}}"{{#CHECKED}} checked{{/CHECKED}}{{#DISABLED}} disabled{{/DISABLED}}> {{NAME}}</label>
      {{/CHANNEL}}
    </fieldset>
    {{#CHOSEN}}<p class="hint">本订单已选择{{CHANNEL_NAME}}。如需更换支付方式，请先取消订单再重新创建。</p>{{/CHOSEN}}
    <p class="actions"><button type="submit" class="button primary">确认支付 &gt;</button></p>
  </form>
  <form method="post" action="/pay/order/{{ORDER_NO}}/cancel" class="actions">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <button type="submit" class="button">取消订单</button>
  </form>
  {{/OPEN}}
  {{#EXPIRED}}<p class="form-error" role="alert">订单（商户订单号：{{ORDER_NO}}）已过期，未完成支付。请返回重新创建订单。</p>
  <p class="actions"><a class="button primary" href="/pay">返回毕业申请支付</a></p>{{/EXPIRED}}
  {{#CLOSED}}<p class="form-error" role="alert">订单（商户订单号：{{ORDER_NO}}）已关闭，未完成支付。如需支付，请返回重新创建订单。</p>
  <p class="actions"><a class="button primary" href="/pay">返回毕业申请支付</a></p>{{/CLOSED}}
  <p class="actions"><a class="button" href="/">返回首页</a></p>
</section>
