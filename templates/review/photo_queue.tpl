{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>毕业照片人工审核</h1>
    {{>NAV}}
  </div>
  {{#HAS_DONE}}<p class="form-success" role="status">{{DONE}}</p>{{/HAS_DONE}}
  <p class="query-links">
    {{#TAB}}{{#CURRENT}}<strong aria-current="page">{{LABEL}}</strong>{{/CURRENT}}{{#LINK}}<a href="{{HREF}}">{{LABEL}}</a>{{/LINK}}
    {{/TAB}}
  </p>
  {{>FILTER}}
  {{#EMPTY}}<p class="hint">没有需要显示的毕业照片。</p>{{/EMPTY}}
  {{#HAS_ROWS}}<table class="profile queue">
    <thead>
      <tr><th scope="col">序号</th><th scope="col">姓名</th><th scope="col">准考证号</th><th scope="col">身份证号</th><th scope="col">毕业申请区县</th><th scope="col">上传时间</th><th scope="col">系统认证</th>{{#HISTORY}}<th scope="col">处理时间</th><th scope="col">处理人</th><th scope="col">不通过原因</th>{{/HISTORY}}<th scope="col">操作</th></tr>
    </thead>
    <tbody>
      {{#ROW}}<tr>
        <td data-label="序号">{{SEQ}}</td><td data-label="姓名">{{NAME}}</td><td data-label="准考证号">{{TICKET_NO}}</td><td data-label="身份证号" class="id-number">{{ID_NUMBER}}</td><td data-label="毕业申请区县">{{COUNTY}}</td><td data-label="上传时间">{{SUBMITTED}}</td><td data-label="系统认证">{{VERIFIER_REASON}}</td>{{#HISTORY_CELLS}}<td data-label="处理时间">{{DECIDED_AT}}</td><td data-label="处理人">{{DECIDED_BY}}</td><td data-label="不通过原因">{{REFUSAL}}</td>{{/HISTORY_CELLS}}<td data-label="操作"><a href="/admin/graduation-photos/{{ID}}">查看</a></td>
      </tr>{{/ROW}}
    </tbody>
  </table>{{/HAS_ROWS}}
</section>
