{{%AUTOESCAPE context="HTML"}}<section class="panel receipt">
  <h1>山西省高等教育自学考试毕业申请支付凭证</h1>
  <div class="table-scroll" tabindex="0" role="region" aria-label="支付凭证表">
    <table class="data">
      <tbody>
        <tr><th scope="row">姓名</th><td>{{NAME}}</td></tr>
        <tr><th scope="row">证件号码</th><td>{{ID_NUMBER}}</td></tr>
        <tr><th scope="row">准考证号</th><td>{{TICKET_NO}}</td></tr>
        {{#MAJOR}}<tr><th scope="row">申请院校及专业</th><td>{{INSTITUTION_NAME}} {{MAJOR_NAME}}</td></tr>{{/MAJOR}}
        <tr><th scope="row">商户订单号</th><td>{{ORDER_NO}}</td></tr>
        <tr><th scope="row">支付方式</th><td>{{CHANNEL_NAME}}</td></tr>
        <tr><th scope="row">支付平台交易号</th><td>{{TRADE_NO}}</td></tr>
        <tr><th scope="row">支付金额</th><td>{{AMOUNT}}</td></tr>
        <tr><th scope="row">支付时间</th><td>{{PAID_AT}}</td></tr>
        <tr><th scope="row">支付状态</th><td>{{STATUS_TEXT}}</td></tr>
      </tbody>
    </table>
  </div>
  <p class="hint">注：考生缴费成功20分钟后可通过网上查验及打印功能进行电子票据查验。</p>
  <p class="hint print-hint" id="print-hint">打印：请使用浏览器的打印功能（Ctrl+P）打印本凭证。</p>
  <p class="actions no-print"><a class="button primary" href="#print-hint">打印</a> <a class="button" href="/orders">订单查询</a> <a class="button" href="/">返回首页</a></p>
</section>
