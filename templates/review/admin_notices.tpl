{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>通知公告</h1>
    {{>NAV}}
  </div>
  {{#HAS_DONE}}<p class="form-success" role="status">{{DONE}}</p>{{/HAS_DONE}}
  <p class="actions"><a class="button primary" href="/admin/notices/new">发布通知公告</a> <a class="button" href="/notices">查看公众页面</a></p>
  {{#EMPTY}}<p class="hint">还没有通知公告。</p>{{/EMPTY}}
  {{#HAS_ROWS}}<div class="table-scroll" tabindex="0" role="region" aria-label="通知公告列表"><table class="data notices">
    <thead><tr><th scope="col">标题</th><th scope="col">发布时间</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
    <tbody>
      {{#ROW}}<tr>
        <td>{{TITLE}}</td><td class="num">{{PUBLISHED}}</td><td class="notice-state">{{STATE}}</td>
        <td><a href="/admin/notices/{{ID}}">编辑</a>{{#CAN_WITHDRAW}}
          <form method="post" action="/admin/notices/{{ID}}/withdraw" class="inline-form">
            <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
            <button type="submit" class="link-button">撤回</button>
          </form>{{/CAN_WITHDRAW}}</td>
      </tr>{{/ROW}}
    </tbody>
  </table></div>{{/HAS_ROWS}}
</section>
