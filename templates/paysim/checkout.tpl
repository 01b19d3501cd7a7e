{{%AUTOESCAPE context="HTML"}}<section class="panel paysim">
  <p class="status-line wait" role="note">支付沙箱（开发测试用，不会真实扣款）</p>
  <h1>{{CHANNEL_NAME}}（沙箱）</h1>
  <table class="data">
    <tbody>
      <tr><th>支付渠道</th><td class="channel">{{CHANNEL_NAME}}</td></tr>
      <tr><th>商户号</th><td class="merchant-id">{{MERCHANT_ID}}</td></tr>
      <tr><th>商户订单号</th><td class="order-no">{{ORDER_NO}}</td></tr>
      <tr><th>订单金额</th><td class="amount">{{AMOUNT}}元</td></tr>
      <tr><th>商品</th><td class="subject">{{SUBJECT}}</td></tr>
      <tr><th>有效期至</th><td class="expires">{{EXPIRES}}</td></tr>
    </tbody>
  </table>
  {{#PAYABLE}}<form method="post" action="/pay-sim/checkout">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="request" value="{{REQUEST}}">
    <fieldset>
      <legend>异步通知</legend>
      <label><input type="radio" name="notify" value="now" checked> 立即发送</label>
      <label><input type="radio" name="notify" value="delay"> 延迟10秒发送</label>
      <label><input type="radio" name="notify" value="lose"> 不发送（模拟通知丢失）</label>
    </fieldset>
    <div class="actions">
      <button type="submit" name="action" value="pay" class="button primary">支付</button>
      <button type="submit" name="action" value="cancel" class="button">取消</button>
    </div>
  </form>{{/PAYABLE}}
  {{#PAID}}<p class="status-line ok" role="status">该订单已支付。</p>
  <p class="actions"><a class="button" href="{{RETURN_URL}}">返回商户</a></p>{{/PAID}}
  {{#CLOSED}}<p class="status-line bad" role="alert">订单已关闭或已过期。</p>
  <p class="actions"><a class="button" href="{{RETURN_URL}}">返回商户</a></p>{{/CLOSED}}
</section>
