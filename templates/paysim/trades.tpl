{{%AUTOESCAPE context="HTML"}}<section class="panel paysim">
  <h1>支付沙箱</h1>
  <p class="hint">开发与测试环境用：支付沙箱扮演银联在线支付、支付宝和微信支付，不会真实扣款。这里列出最新的 50 笔交易（新的在前）及其异步通知。正式环境没有此页面。</p>
  <div class="table-scroll" tabindex="0" role="region" aria-label="支付沙箱交易表"><table class="data trades">
    <thead><tr><th>创建时间</th><th>支付渠道</th><th>商户号</th><th>商户订单号</th><th>金额</th><th>状态</th><th>交易号</th><th>异步通知</th></tr></thead>
    <tbody>{{#TRADE}}<tr class="trade" data-order-no="{{ORDER_NO}}" data-status="{{STATUS_CODE}}">
      <td>{{CREATED}}</td><td>{{CHANNEL}}</td><td>{{MERCHANT_ID}}</td><td class="order-no">{{ORDER_NO}}</td>
      <td class="num">{{AMOUNT}}</td><td class="status">{{STATUS}}</td><td class="trade-no">{{TRADE_NO}}</td>
      <td>{{#NOTIFICATION}}<p class="notification" data-notify-id="{{NOTIFY_ID}}">已尝试 {{ATTEMPTS}} 次，最近状态 {{LAST_STATUS}}{{#ACKNOWLEDGED}}，<span class="acknowledged">已确认</span>{{/ACKNOWLEDGED}}{{#PENDING}}，<span class="pending">未确认</span>（下次 {{NEXT_ATTEMPT}}）{{/PENDING}}<br><code>{{LAST_ANSWER}}</code></p>{{/NOTIFICATION}}{{#NO_NOTIFICATION}}—{{/NO_NOTIFICATION}}</td>
    </tr>{{/TRADE}}
    {{#EMPTY}}<tr><td colspan="8">还没有交易。</td></tr>{{/EMPTY}}</tbody>
  </table></div>
</section>
