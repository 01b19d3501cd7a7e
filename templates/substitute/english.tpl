{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>添加顶替英语二课程</h1>
    <p class="panel-links"><a href="/apply/majors">返回专业选择</a></p>
  </div>
  {{#MAJOR}}<p>申请专业：{{INSTITUTION}} {{MAJOR_NAME}}</p>{{/MAJOR}}
  {{#NO_MAJORS}}<p class="hint" role="status">您还没有选择申请专业。请先在“<a href="/apply/majors">专业选择</a>”中选择专业。</p>{{/NO_MAJORS}}
  <p class="hint">提示：顶替00015英语（二）的考生，是指选择未曾使用过的某些课程学分用来顶替00015英语（二）14学分的考生。请选择需要顶替英语二的课程，顶替课程总学分不能小于14分，括号内为该课程学分。</p>
  {{#SUBMITTED}}<p class="form-error" role="alert">申请已提交，不能再修改顶替课程。</p>{{/SUBMITTED}}
  {{#HAS_ERRORS}}<div class="form-error" role="alert"><ul>{{#ERROR_LINE}}<li class="error-line">{{TEXT}}</li>{{/ERROR_LINE}}</ul></div>{{/HAS_ERRORS}}
  {{#HAS_SAVED}}<p class="status-line ok" role="status">已保存的顶替课程：{{SAVED_LIST}}</p>{{/HAS_SAVED}}
  {{#SUGGESTED}}<p class="hint" role="status">已按“{{SUGGEST_MAJOR}}”为您预选超出学分最少的一组课程，请核对后保存。</p>{{/SUGGESTED}}
  {{#NO_SUGGESTION}}<p class="hint" role="status">没有找到可以顶替英语（二）且不影响其他课程要求的课程组合。</p>{{/NO_SUGGESTION}}
  {{#EDITABLE}}<form method="post" action="/substitute/english">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <fieldset>
      <legend>请选择顶替课程</legend>
      {{#NO_CANDIDATES}}<p class="hint">您没有可用于顶替英语（二）的合格课程。</p>{{/NO_CANDIDATES}}
      <ul class="checkbox-grid">
        {{#COURSE}}<li><label><input type="checkbox" name="course" value="{{CODE}}" data-credits="{{CREDITS}}"{{#CHECKED}} checked{{/CHECKED}}> {{CODE}}{{NAME}} ({{CREDITS}}){{#PROVISIONAL}} <span class="hint">待审核</span>{{/PROVISIONAL}}</label></li>
        {{/COURSE}}
      </ul>
      <p class="hint" id="english-total" aria-live="polite">当前勾选合计 <span class="credits">{{CHECKED_CREDITS}}</span> 学分。</p>
      {{#PLAN_LINK}}<p><a href="/plans?major={{MAJOR_ID}}">点击查看本专业开考计划{{WHICH}}</a></p>{{/PLAN_LINK}}
    </fieldset>
    <div class="actions">
      <button type="submit" class="button primary">保存顶替课程</button>
      <a class="button" href="/substitute/english?suggest=1">推荐课程组合</a>
      <a class="button" href="/apply/majors">返回专业选择</a>
    </div>
  </form>
  {{#HAS_SAVED}}<form method="post" action="/substitute/english" class="inline-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="action" value="clear">
    <button type="submit" class="button">清除</button>
  </form>{{/HAS_SAVED}}{{/EDITABLE}}
</section>
<script src="/static/english.js" defer></script>
