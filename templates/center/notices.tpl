{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>通知公告</h1>
    <p class="panel-links"><a href="/">返回个人中心</a></p>
  </div>
  {{#EMPTY}}<p class="hint" role="status">暂无通知公告。</p>{{/EMPTY}}
  <ul class="notice-list">
    {{#NOTICE}}<li><a href="/notices/{{ID}}">{{TITLE}}</a> <span class="hint">{{DATE}}</span></li>{{/NOTICE}}
  </ul>
</section>
