{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>毕业申请专业选择</h1>
  {{>STEPS}}
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <p class="hint">提示：申请自学考试本科学历的考生须授权验证其前置学历（个人中心 → <a href="/verify/chsi">学信网学历验证</a>）。</p>
</section>
<form method="post" action="/apply/majors" novalidate>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
  {{#INSTITUTION}}<section class="panel institution" id="institution-{{SEQ}}">
    <h2>主考院校：{{INSTITUTION_NAME}}</h2>
    {{#HAS_ERROR}}<p class="field-error" role="alert">{{ERROR}}</p>{{/HAS_ERROR}}
    {{#NO_MAJORS}}<p class="hint">该主考院校暂无现行专业计划的专业，请返回上一步重新选择主考院校。</p>{{/NO_MAJORS}}
    <fieldset>
      <legend>申请专业</legend>
      {{#LEVEL}}<h3 class="level">{{LEVEL_NAME}}</h3>
      <ul class="major-list">
        {{#MAJOR}}<li><label><input type="radio" name="major_{{SEQ}}" value="{{ID}}"{{#CHECKED}} checked{{/CHECKED}}> {{CODE}}{{NAME}}</label></li>
        {{/MAJOR}}
      </ul>{{/LEVEL}}
    </fieldset>
    {{#ELIGIBLE}}<p class="form-success" role="status">{{CHOSEN_MAJOR}}专业：符合毕业合格条件{{#PROVISIONAL}}（所添加的旧计划课程须经招办核验）{{/PROVISIONAL}}</p>{{/ELIGIBLE}}
    {{#NOT_ELIGIBLE}}<div class="restriction">
      <h3>毕业申请专业限制条件</h3>
      <p class="form-error">所选专业不符合毕业合格条件</p>
      <div class="table-scroll" tabindex="0" role="region" aria-label="毕业申请专业限制条件表">
        <table class="data">
          <caption>提示：“✓”为有合格成绩的课程，“✗”为无合格成绩或未选修课程</caption>
          <thead><tr><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">学分</th><th scope="col">合格</th><th scope="col">备注</th></tr></thead>
          <tbody>
            {{#COURSE}}<tr class="{{MARK_CLASS}}"><td>{{CODE}}</td><td>{{NAME}}</td><td class="num">{{CREDITS}}</td><td><span aria-label="{{MARK_LABEL}}">{{MARK}}</span></td><td>{{NOTE}}</td></tr>
            {{/COURSE}}
          </tbody>
        </table>
      </div>
      {{#HAS_GROUPS}}<div class="table-scroll" tabindex="0" role="region" aria-label="选考课程组表">
        <table class="data">
          <thead><tr><th scope="col">选考课程组</th><th scope="col">已得学分/要求</th><th scope="col">门数/要求</th><th scope="col">计入课程</th><th scope="col">满足</th></tr></thead>
          <tbody>{{#GROUP}}<tr class="{{MARK_CLASS}}"><td>{{TITLE}}</td><td class="num">{{CREDITS}}/{{MIN_CREDITS}}</td><td class="num">{{COUNT}}/{{MIN_COUNT}}</td><td>{{USES}}</td><td><span aria-label="{{MARK_LABEL}}">{{MARK}}</span></td></tr>{{/GROUP}}</tbody>
        </table>
      </div>{{/HAS_GROUPS}}
      <p>已计入学分 {{CREDITS_USED}} / 毕业最低总学分 {{MIN_TOTAL}}</p>
      {{#REASONS}}<ul class="credit-summary">{{/REASONS}}{{#REASON_ITEM}}<li>{{REASON_TEXT}}</li>{{/REASON_ITEM}}{{#REASONS}}</ul>{{/REASONS}}
      {{#PROBLEM}}<p class="field-error">{{MESSAGE}}</p>{{/PROBLEM}}
      {{#HAS_FILLS}}<h3>缺少课程的顶替选择</h3>
      <ul class="fill-list">{{#FILL}}<li>缺少 {{OLD_CODE}} {{OLD_NAME}}：可由 {{NEW_CODE}} {{NEW_NAME}} 顶替{{#ANY_ONE_OF}}（任选一门）{{/ANY_ONE_OF}}{{#ONE_FOR_MANY}}（一门顶多门，同时顶替 {{ALSO}}）{{/ONE_FOR_MANY}}
        <button type="submit" class="button" form="{{FORM_ID}}" aria-label="添加 {{NEW_CODE}} {{NEW_NAME}} 顶替 {{OLD_CODE}} {{OLD_NAME}}">添加此顶替</button></li>{{/FILL}}</ul>{{/HAS_FILLS}}
      {{#ENGLISH}}<p class="hint">建议顶替英语(二)的课程（合计 {{ENGLISH_CREDITS}} 学分）：{{#ENGLISH_COURSE}}{{CODE}}{{NAME}} {{/ENGLISH_COURSE}} <a href="/substitute/english?suggest=1">按建议添加顶替英语二课程</a></p>{{/ENGLISH}}
      {{#HAS_CLOSEST}}<h3>按您的合格课程，最接近的专业</h3>
      <ol class="major-list">{{#CLOSEST}}<li>{{INSTITUTION}} {{CODE}}{{NAME}}：{{#CLOSEST_OK}}符合毕业合格条件{{/CLOSEST_OK}}{{#CLOSEST_MISSING}}缺少 {{MISSING}} 项（{{MISSING_CREDITS}} 学分）{{/CLOSEST_MISSING}}</li>{{/CLOSEST}}</ol>{{/HAS_CLOSEST}}
    </div>{{/NOT_ELIGIBLE}}
    {{#HAS_CHOSEN}}<p class="actions">
      <a class="button" href="/substitute/english">添加顶替英语二课程</a>
      <a class="button" href="/substitute/newplan">添加一门顶多门或任选一门新计划顶替课程</a>
      <a class="button" href="/substitute/oldplan">添加旧计划课程（实践课考核卡）</a>
    </p>{{/HAS_CHOSEN}}
  </section>
  {{/INSTITUTION}}
  <section class="panel">
    <p class="hint">(1)顶替00015英语（二）：顶替00015英语（二）的考生，是指选择未曾使用过的某些课程学分用来顶替00015英语（二）14学分的考生。</p>
    <p class="hint">(2)新旧计划顶替问题：新计划课程是指2024年上半年起参加高等教育自学考试合格的课程，考生如需添加新计划课程顶替旧计划课程（一对一顶替除外，例：13000英语专升本顶替00015英语二），可点击“添加一门顶多门或任选一门新计划顶替课程”进行添加。</p>
    <p class="hint">(3)如考生持有旧计划课程合格证（红卡/绿卡）或实践课考核卡且相应的成绩未在本人历次合格课程库（2001年之后）中查询到的，请点击“添加旧计划课程（实践课考核卡）”进行添加，并上传扫描件压缩包。</p>
    <p class="hint">(4)添加操作完成可点击“下一步”，如需修改可点击相应按键重新添加或上传。</p>
    <div class="actions">
      <a class="button" href="/apply">上一步</a>
      <button type="submit" class="button" name="action" value="check">保存并检查毕业条件</button>
      <button type="submit" class="button primary" name="action" value="next">下一步</button>
    </div>
  </section>
</form>
{{#FILL_FORM}}<form id="{{FORM_ID}}" method="post" action="/substitute/newplan" hidden>
  <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="add">
  <input type="hidden" name="new_code" value="{{NEW_CODE}}"><input type="hidden" name="old_code" value="{{OLD_CODE}}">
</form>{{/FILL_FORM}}
