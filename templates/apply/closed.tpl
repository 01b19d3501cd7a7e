{{%AUTOESCAPE context="HTML"}}<section class="panel notice" role="alert">
  <h1>毕业申请未开放</h1>
  {{#NO_WINDOW}}<p class="message">本批次毕业申请未开放。</p>{{/NO_WINDOW}}
  {{#DATES}}<p class="message">{{BATCH}}毕业申请时间：{{OPENS}} 至 {{CLOSES}}。当前不在毕业申请时间内，不能填报或提交毕业申请。</p>{{/DATES}}
  <p class="actions"><a class="button" href="/">返回首页</a></p>
</section>
