{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>{{TITLE}}</h1>
    {{>NAV}}
  </div>
  {{#HAS_DONE}}<p class="form-success" role="status">{{DONE}}</p>{{/HAS_DONE}}
  <p class="query-links">
    {{#TAB}}{{#CURRENT}}<strong aria-current="page">{{LABEL}}</strong>{{/CURRENT}}{{#LINK}}<a href="{{HREF}}">{{LABEL}}</a>{{/LINK}}
    {{/TAB}}
  </p>
  {{>FILTER}}
  {{#EMPTY}}<p class="hint">没有符合条件的毕业申请。</p>{{/EMPTY}}
  {{#HAS_ROWS}}<table class="profile queue">
    <thead>
      <tr><th scope="col">序号</th><th scope="col">姓名</th><th scope="col">准考证号</th><th scope="col">身份证号</th><th scope="col">毕业申请区县</th><th scope="col">申请院校及专业</th><th scope="col">申请次数</th><th scope="col">审批进度</th>{{#OLDPLAN_HEAD}}<th scope="col">旧计划课程</th>{{/OLDPLAN_HEAD}}<th scope="col">更新时间</th><th scope="col">操作</th></tr>
    </thead>
    <tbody>
      {{#ROW}}<tr>
        <td data-label="序号">{{SEQ}}</td><td data-label="姓名">{{NAME}}</td><td data-label="准考证号">{{TICKET_NO}}</td><td data-label="身份证号" class="id-number">{{ID_NUMBER}}</td><td data-label="毕业申请区县">{{COUNTY}}</td><td data-label="申请院校及专业">{{MAJORS}}</td><td data-label="申请次数">第{{ATTEMPT}}次</td><td data-label="审批进度">{{STATUS}}</td>{{#OLDPLAN_CELL}}<td data-label="旧计划课程">{{OLDPLAN}}</td>{{/OLDPLAN_CELL}}<td data-label="更新时间">{{UPDATED}}</td><td data-label="操作"><a href="/admin/applications/{{ID}}">查看</a></td>
      </tr>{{/ROW}}
    </tbody>
  </table>{{/HAS_ROWS}}
</section>
