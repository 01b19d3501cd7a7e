{{%AUTOESCAPE context="HTML"}}<article class="panel notice-text">
  <div class="panel-head">
    <h1>{{TITLE}}</h1>
    <p class="panel-links"><a href="/notices">返回通知公告</a></p>
  </div>
  <p class="hint">发布时间：{{PUBLISHED}}</p>
  {{#PARAGRAPH}}<p>{{LINE}}</p>
  {{/PARAGRAPH}}
</article>
