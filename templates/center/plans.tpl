{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>专业计划查询</h1>
    <p class="panel-links"><a href="/scores">合格成绩查询</a> <a href="/">返回个人中心</a></p>
  </div>
  <p>请在下拉列表中选择专业（按主考院校和层次分组）后点击“查询”，或点击下方各主考院校列出的专业，查看该专业现行的考试计划。</p>
  {{#EMPTY}}<p class="hint" role="status">暂无专业计划信息。</p>{{/EMPTY}}
  {{#CHOOSER}}<form method="get" action="/plans" class="plan-chooser">
    <div class="field">
      <label for="major">专业</label>
      <select id="major" name="major">
        {{#OPTGROUP}}<optgroup label="{{LABEL}}">
          {{#OPTION}}<option value="{{ID}}">{{CODE}} {{NAME}}</option>{{/OPTION}}
        </optgroup>{{/OPTGROUP}}
      </select>
    </div>
    <p class="actions"><button type="submit" class="button primary">查询</button></p>
  </form>{{/CHOOSER}}
</section>
{{#INSTITUTION}}<section class="panel institution">
  <h2>{{NAME}}<span class="hint">（主考院校代码 {{CODE}}）</span></h2>
  {{#NO_MAJORS}}<p class="hint">暂无开考专业。</p>{{/NO_MAJORS}}
  {{#LEVEL}}<h3 class="level">{{LEVEL}}</h3>
  <ul class="major-list">
    {{#MAJOR}}<li><a href="/plans?major={{ID}}">{{CODE}} {{NAME}}</a></li>{{/MAJOR}}
  </ul>{{/LEVEL}}
</section>
{{/INSTITUTION}}
