{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>工作台</h1>
    <p class="panel-links"><a href="/admin" aria-current="page">工作台</a> <a href="/admin/verifications">身份认证审核</a> <a href="/admin/graduation-photos">毕业照片审核</a> <a href="/admin/logout">退出登录</a></p>
  </div>
  <p class="staff-line">{{STAFF_NAME}} · {{ROLE}} · 管辖：{{AREA}}</p>
</section>
<section class="panel">
  <h2>待办事项</h2>
  <table class="profile">
    <tr>
      <th scope="row">身份认证人工审核</th>
      <td><span class="pending-count">{{PENDING}}</span> 条待审核{{#HAS_OLDEST}}（最早提交于 {{OLDEST}}）{{/HAS_OLDEST}}</td>
      <td><a class="button primary" href="/admin/verifications">进入身份认证审核队列</a></td>
    </tr>
    <tr>
      <th scope="row">毕业照片人工审核</th>
      <td><span class="pending-count">{{PHOTO_PENDING}}</span> 条待审核{{#HAS_PHOTO_OLDEST}}（最早上传于 {{PHOTO_OLDEST}}）{{/HAS_PHOTO_OLDEST}}</td>
      <td><a class="button primary" href="/admin/graduation-photos">进入毕业照片审核队列</a></td>
    </tr>
  </table>
</section>
{{#ADMIN}}<section class="panel admin-settings">
  <h2>系统设置</h2>
  <ul class="query-links">
    <li><a href="/admin/settings/windows">业务开放时间</a></li>
    <li><a href="/admin/settings/fees">毕业申请费用</a></li>
    <li><a href="/admin/notices">通知公告</a></li>
    <li><a href="/admin/staff">工作人员账号</a></li>
  </ul>
</section>{{/ADMIN}}
