{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>添加新计划顶替课程</h1>
    <p class="panel-links"><a href="/apply/majors">返回专业选择</a></p>
  </div>
  {{#MAJOR}}<p>申请专业：{{INSTITUTION}} {{MAJOR_NAME}}</p>{{/MAJOR}}
  {{#NO_MAJORS}}<p class="hint" role="status">您还没有选择申请专业。请先在“<a href="/apply/majors">专业选择</a>”中选择专业。</p>{{/NO_MAJORS}}
  <p class="hint">提示：新旧课程顶替方案中一门新计划课程顶替一门旧计划课程方案为系统自动顶替，一门顶多门或任选一门方案须手动添加顶替课程。新计划课程是指2024年上半年起参加高等教育自学考试合格的课程。</p>
  {{#SUBMITTED}}<p class="form-error" role="alert">申请已提交，不能再修改顶替课程。</p>{{/SUBMITTED}}
  {{#HAS_ERRORS}}<div class="form-error" role="alert"><ul>{{#ERROR_LINE}}<li class="error-line">{{TEXT}}</li>{{/ERROR_LINE}}{{#HAS_ERR_NEW}}<li class="error-line">{{ERR_NEW}}</li>{{/HAS_ERR_NEW}}{{#HAS_ERR_OLD}}<li class="error-line">{{ERR_OLD}}</li>{{/HAS_ERR_OLD}}</ul></div>{{/HAS_ERRORS}}
  {{#EDITABLE}}<form method="post" action="/substitute/newplan" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="action" value="add">
    <h2>请添加一门顶多门或任选一门新计划顶替课程</h2>
    <div class="field">
      <label for="new_code">新计划顶替课程代码</label>
      <input id="new_code" name="new_code" value="{{NEW_CODE}}" maxlength="5" inputmode="numeric" required{{#HAS_ERR_NEW}} aria-invalid="true" aria-describedby="err-new_code"{{/HAS_ERR_NEW}}>
      {{#HAS_ERR_NEW}}<p class="field-error" id="err-new_code">{{ERR_NEW}}</p>{{/HAS_ERR_NEW}}
    </div>
    <div class="field">
      <label for="old_code">旧计划课程代码</label>
      <input id="old_code" name="old_code" value="{{OLD_CODE}}" maxlength="5" inputmode="numeric" required{{#HAS_ERR_OLD}} aria-invalid="true" aria-describedby="err-old_code"{{/HAS_ERR_OLD}}>
      <p class="field-hint">一门顶多门：填写其中任一门旧计划课程即可，系统自动添加其余各门；任选一门：填写要顶替的那一门。</p>
      {{#HAS_ERR_OLD}}<p class="field-error" id="err-old_code">{{ERR_OLD}}</p>{{/HAS_ERR_OLD}}
    </div>
    <div class="actions"><button type="submit" class="button primary">添加</button> <a class="button" href="/apply/majors">返回专业选择</a></div>
  </form>{{/EDITABLE}}
</section>
<section class="panel">
  <h2>已添加的新计划顶替课程</h2>
  {{#NONE_ADDED}}<p class="hint">尚未添加。</p>{{/NONE_ADDED}}
  <div class="table-scroll" tabindex="0" role="region" aria-label="已添加的新计划顶替课程表"><table class="data added-substitutions">
    <thead><tr><th scope="col">序号</th><th scope="col">顶替类型</th><th scope="col">新计划课程</th><th scope="col">顶替的旧计划课程</th><th scope="col">操作</th></tr></thead>
    <tbody>
      {{#ADDED}}<tr><td>{{SEQ}}</td><td>{{KIND}}</td><td>{{NEW}}</td><td>{{OLD}}</td><td>{{#EDITABLE}}<form method="post" action="/substitute/newplan" class="inline-form">
        <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="delete">
        <input type="hidden" name="rule_id" value="{{RULE_ID}}"><input type="hidden" name="new_code" value="{{NEW}}">
        <button type="submit" class="button">删除</button></form>{{/EDITABLE}}</td></tr>
      {{/ADDED}}
    </tbody>
  </table></div>
</section>
<section class="panel">
  <h2>所选专业适用的新旧计划顶替方案</h2>
  {{#NO_RULES}}<p class="hint">所选专业没有需要手动添加的一门顶多门或任选一门顶替方案。</p>{{/NO_RULES}}
  <div class="table-scroll" tabindex="0" role="region" aria-label="新旧计划顶替方案表"><table class="data rules">
    <thead><tr><th scope="col">类型</th><th scope="col">新计划课程</th><th scope="col">旧计划课程</th><th scope="col">合格有效期</th><th scope="col">适用专业</th></tr></thead>
    <tbody>
      {{#RULE}}<tr><td>{{KIND}}</td><td>{{NEW}}</td><td>{{OLD}}</td><td>{{PERIOD}}</td><td>{{MAJORS}}</td></tr>
      {{/RULE}}{{#AUTO_RULE}}<tr class="auto"><td>{{KIND}}</td><td>{{NEW}}</td><td>{{OLD}}</td><td>{{PERIOD}}</td><td>{{MAJORS}}</td></tr>
      {{/AUTO_RULE}}
    </tbody>
  </table></div>
</section>
