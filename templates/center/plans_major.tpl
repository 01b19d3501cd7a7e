{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>专业计划：{{MAJOR_CODE}} {{MAJOR_NAME}}</h1>
    <p class="panel-links"><a href="/plans">返回专业列表</a> <a href="/">返回个人中心</a></p>
  </div>
  <table class="profile">
    <tr><th scope="row">专业代码</th><td>{{MAJOR_CODE}}</td><th scope="row">专业名称</th><td>{{MAJOR_NAME}}</td></tr>
    <tr><th scope="row">层次</th><td>{{LEVEL}}</td><th scope="row">主考院校</th><td>{{INSTITUTION}}（{{INSTITUTION_CODE}}）</td></tr>
    {{#PLAN}}<tr><th scope="row">计划版本</th><td>{{VERSION}}</td><th scope="row">执行时间</th><td>{{PERIOD}}</td></tr>
    <tr><th scope="row">毕业最低总学分</th><td>{{MIN_TOTAL}}</td><th scope="row">必考课程</th><td>{{COURSE_COUNT}} 门，{{CREDITS}} 学分</td></tr>{{/PLAN}}
  </table>
  {{#NO_PLAN}}<p class="hint" role="status">该专业暂无现行的专业计划。</p>{{/NO_PLAN}}
</section>
{{#PLAN}}<section class="panel">
  <h2>必考课程</h2>
  {{#NO_COURSES}}<p class="hint">本计划没有必考课程。</p>{{/NO_COURSES}}
  <div class="table-scroll" tabindex="0" role="region" aria-label="必考课程表">
    <table class="data plan-courses">
      <thead>
        <tr><th scope="col">序号</th><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">学分</th><th scope="col">类型</th></tr>
      </thead>
      <tbody>
        {{#COURSE}}<tr><td>{{SEQ}}</td><td>{{CODE}}</td><td>{{NAME}}</td><td class="num">{{CREDITS}}</td><td>{{KIND}}</td></tr>
        {{/COURSE}}
      </tbody>
      <tfoot>
        <tr><th scope="row" colspan="3">合计</th><td class="num">{{CREDITS}}</td><td>学分</td></tr>
      </tfoot>
    </table>
  </div>
  {{#ENGLISH}}<p class="hint">英语(二)可由考生未用于其他要求的合格课程顶替，所选课程学分合计不少于14学分（在毕业申请中“添加顶替英语二课程”）。</p>{{/ENGLISH}}
</section>
{{#GROUP}}<section class="panel">
  <h2>{{TITLE}}（{{MINIMUM}}）</h2>
  <div class="table-scroll" tabindex="0" role="region" aria-label="{{TITLE}}课程表">
    <table class="data plan-courses">
      <thead>
        <tr><th scope="col">序号</th><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">学分</th></tr>
      </thead>
      <tbody>
        {{#GROUP_COURSE}}<tr><td>{{SEQ}}</td><td>{{CODE}}</td><td>{{NAME}}</td><td class="num">{{CREDITS}}</td></tr>
        {{/GROUP_COURSE}}
      </tbody>
      <tfoot>
        <tr><th scope="row" colspan="3">可选课程合计</th><td class="num">{{GROUP_CREDITS}}</td></tr>
      </tfoot>
    </table>
  </div>
</section>
{{/GROUP}}<section class="panel">
  <h2>学分要求</h2>
  <ul class="credit-summary">
    <li>必考课程（含毕业论文、实践）合计 {{CREDITS}} 学分</li>
    {{#ELECTIVE_MINIMUM}}<li>选考课程至少 {{ELECTIVE_CREDITS}} 学分</li>{{/ELECTIVE_MINIMUM}}
    <li>毕业最低总学分 {{MIN_TOTAL}} 学分</li>
  </ul>
</section>
<section class="panel">
  <h2>新旧计划课程顶替</h2>
  {{#NO_RULES}}<p class="hint">本专业暂无新旧计划课程顶替规定。</p>{{/NO_RULES}}
  {{#HAS_RULES}}<ul class="rule-list">
    {{#RULE}}<li>
      <p class="rule">{{TEXT}}</p>
      <p class="hint">{{VALIDITY}}{{#NOTE}}。{{NOTE}}{{/NOTE}}</p>
    </li>{{/RULE}}
  </ul>{{/HAS_RULES}}
</section>
{{/PLAN}}
