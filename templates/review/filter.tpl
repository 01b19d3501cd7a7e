{{%AUTOESCAPE context="HTML"}}<form method="get" action="{{BASE}}" class="filter-form">
    <input type="hidden" name="{{KEEP_NAME}}" value="{{KEEP_VALUE}}">
    {{#COUNTY_FILTER}}<div class="field">
      <label for="county">{{COUNTY_LABEL}}</label>
      <select id="county" name="county"><option value="">全部</option>{{#COUNTY_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/COUNTY_OPTION}}</select>
    </div>{{/COUNTY_FILTER}}
    <div class="field">
      <label for="q">准考证号或姓名</label>
      <input type="text" id="q" name="q" value="{{Q}}" maxlength="30" autocomplete="off">
    </div>
    <div class="actions"><button type="submit" class="button">查询</button></div>
  </form>
  <p class="hint">共 {{TOTAL}} 条，第 {{PAGE}}/{{PAGES}} 页{{#PREV}} · <a href="{{PREV_HREF}}">上一页</a>{{/PREV}}{{#NEXT}} · <a href="{{NEXT_HREF}}">下一页</a>{{/NEXT}}</p>
