{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>订单查询</h1>
  <div class="table-scroll" tabindex="0" role="region" aria-label="订单表">
    <table class="data">
      <thead><tr><th scope="col">订单编号</th><th scope="col">姓名</th><th scope="col">证件号码</th><th scope="col">支付金额</th><th scope="col">支付状态</th><th scope="col">创建时间</th><th scope="col">操作</th></tr></thead>
      <tbody>{{#ORDER}}<tr><td>{{ORDER_NO}}</td><td>{{NAME}}</td><td>{{ID_NUMBER}}</td><td class="num">{{AMOUNT}}</td><td>{{STATUS_TEXT}}</td><td>{{CREATED_AT}}</td><td>{{#IS_PAID}}<a href="/pay/receipt/{{ORDER_NO}}">查看并打印</a>{{/IS_PAID}}</td></tr>{{/ORDER}}
      {{#NO_ORDERS}}<tr><td colspan="7">暂无订单。</td></tr>{{/NO_ORDERS}}</tbody>
    </table>
  </div>
  <p class="hint">注：考生缴费成功20分钟后可通过网上查验及打印功能进行电子票据查验。</p>
  <p class="actions"><a class="button" href="/pay">毕业申请支付</a> <a class="button" href="/">返回首页</a></p>
</section>
