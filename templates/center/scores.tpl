{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>合格成绩查询</h1>
    <p class="panel-links"><a href="/plans">专业计划查询</a> <a href="/">返回个人中心</a></p>
  </div>
  <p>考生：{{NAME}}　准考证号：{{TICKET_NO}}</p>
  {{#EMPTY}}<p class="hint" role="status">暂无合格成绩记录。考试合格或免考成绩由省招生考试管理中心导入后在此显示；如有疑问，请联系所在市（县、区）招办。</p>{{/EMPTY}}
  {{#TOTAL}}<div class="table-scroll" tabindex="0" role="region" aria-label="合格成绩表">
    <table class="data scores">
      <caption class="hint">按合格时间排列；同一课程多次合格（重考）时每次合格各占一行</caption>
      <thead>
        <tr><th scope="col">序号</th><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">学分</th><th scope="col">成绩</th><th scope="col">合格时间</th><th scope="col">来源</th><th scope="col">备注</th></tr>
      </thead>
      <tbody>
        {{#ROW}}<tr><td>{{SEQ}}</td><td>{{CODE}}</td><td>{{NAME}}</td><td class="num">{{CREDITS}}</td><td>{{SCORE}}</td><td>{{PASSED_ON}}</td><td>{{SOURCE}}</td><td>{{NOTE}}</td></tr>
        {{/ROW}}
      </tbody>
      <tfoot>
        <tr><th scope="row" colspan="3">合计 {{COUNT}} 门</th><td class="num">{{CREDITS}}</td><td colspan="4">学分{{#RETAKES}}（{{ROWS}} 条合格记录，同一课程多次合格只计一次学分）{{/RETAKES}}</td></tr>
      </tfoot>
    </table>
  </div>
  {{#PENDING}}<p class="hint">其中 {{PENDING_CREDITS}} 学分为旧计划课程(待审核)，须经招办审核通过后方可计入毕业学分。</p>{{/PENDING}}
  {{#USED}}<p class="hint">其中 {{USED_CREDITS}} 学分的课程已用于以往毕业，不能再次用于毕业申请。</p>{{/USED}}{{/TOTAL}}
</section>
