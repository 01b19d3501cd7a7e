{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>开发环境消息发件箱</h1>
  <p class="hint">开发与测试环境用：短信网关和邮件发送配置为 outbox 时，发给考生的短信和邮件不会发出，而是留在这里（最新的 100 条，新的在前）。正式环境没有此页面。</p>
  {{#FILTER}}<p class="filter">只显示收件人为 {{TO}} 的消息（<a href="/dev/outbox">显示全部</a>）</p>{{/FILTER}}
  {{#MESSAGE}}<article class="message" data-id="{{ID}}" data-channel="{{CHANNEL}}" data-purpose="{{PURPOSE}}">
    <p class="meta"><time>{{CREATED}}</time> · {{CHANNEL_LABEL}} · 收件人 <span class="recipient">{{RECIPIENT}}</span> · <span class="status">{{STATUS}}</span>（已尝试 {{ATTEMPTS}} 次{{#LAST_ERROR}}，最近错误：{{ERROR}}{{/LAST_ERROR}}）</p>
    {{#HAS_SUBJECT}}<p class="subject">主题：{{SUBJECT}}</p>{{/HAS_SUBJECT}}
    <pre class="body">{{BODY:pre_escape}}</pre>
  </article>
  {{/MESSAGE}}
  {{#EMPTY}}<p class="empty">没有消息。</p>{{/EMPTY}}
</section>
