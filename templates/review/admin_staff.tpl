{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>工作人员账号</h1>
    {{>NAV}}
  </div>
  <p class="actions"><a class="button primary" href="/admin/staff/new">新建账号</a></p>
  <div class="table-scroll" tabindex="0" role="region" aria-label="工作人员账号表"><table class="data staff-accounts">
    <thead><tr><th scope="col">用户名</th><th scope="col">显示名称</th><th scope="col">角色</th><th scope="col">管辖范围</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
    <tbody>
      {{#ROW}}<tr>
        <td>{{USERNAME}}</td><td>{{DISPLAY_NAME}}</td><td>{{ROLE}}</td><td>{{AREA}}</td><td><span class="state {{ACTIVE_CLASS}}">{{ACTIVE}}</span></td><td><a href="/admin/staff/{{ID}}">管理</a></td>
      </tr>{{/ROW}}
    </tbody>
  </table></div>
</section>
