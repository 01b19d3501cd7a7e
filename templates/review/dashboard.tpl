{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>工作台</h1>
    {{>NAV}}
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
    <tr>
      <th scope="row">毕业申请预审</th>
      <td><span class="pending-count">{{PREREVIEW_PENDING}}</span> 条待预审</td>
      <td><a class="button primary" href="/admin/prereview">进入预审队列</a></td>
    </tr>
    <tr>
      <th scope="row">旧计划课程证书核验</th>
      <td><span class="pending-count">{{OLDPLAN_PENDING}}</span> 条待核验</td>
      <td><a class="button primary" href="/admin/oldplan">进入旧计划核验队列</a></td>
    </tr>
    <tr>
      <th scope="row">材料交回确认</th>
      <td><span class="pending-count">{{MATERIALS_PENDING}}</span> 条待交回</td>
      <td><a class="button primary" href="/admin/materials">进入材料交回队列</a></td>
    </tr>
    <tr>
      <th scope="row">毕业审定</th>
      <td><span class="pending-count">{{FINAL_PENDING}}</span> 条待审定</td>
      <td><a class="button primary" href="/admin/final">进入毕业审定队列</a></td>
    </tr>
  </table>
</section>
<section class="panel">
  <h2>统计报表</h2>
  <p>按区县和审批进度统计您管辖范围内的毕业申请，并可导出申请名单（CSV）。</p>
  <p class="actions"><a class="button" href="/admin/reports">查看统计报表</a></p>
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
