{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>添加旧计划课程（实践课考核卡）</h1>
    <p class="panel-links"><a href="/apply/majors">返回专业选择</a></p>
  </div>
  <p class="hint">提示：如考生持有旧计划课程合格证（红卡/绿卡）或实践课考核卡且相应的成绩未在本人历次合格课程库（2001年之后）中查询到的，请在此添加，并上传扫描件压缩包。请考生务必按照格式要求上传“旧计划课程（实践课考核卡）扫描件压缩包”，将上传的材料原件与《毕业生登记表》在规定时间内一并交回县（市、区）自考部门，不上传扫描件资料或未按时提交纸质原件者，毕业申请无效。</p>
  {{#SUBMITTED}}<p class="form-error" role="alert">申请已提交，不能再修改顶替课程。</p>{{/SUBMITTED}}
  {{#HAS_ERRORS}}<p class="form-error" role="alert">提交的信息有误，请按提示修改后重新提交，本次未保存任何内容。</p>{{/HAS_ERRORS}}
</section>
<section class="panel">
  <h2>已添加的旧计划课程</h2>
  {{#HAS_ADDED}}<div class="table-scroll" tabindex="0" role="region" aria-label="已添加的旧计划课程表"><table class="data oldplan-courses">
    <thead><tr><th scope="col">序号</th><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">合格时间</th><th scope="col">成绩</th><th scope="col">状态</th></tr></thead>
    <tbody>
      {{#ADDED}}<tr><td>{{SEQ}}</td><td>{{CODE}}</td><td>{{NAME}}</td><td>{{PASSED_ON}}</td><td>{{SCORE}}</td><td>{{STATE}}</td></tr>
      {{/ADDED}}
    </tbody>
  </table></div>{{/HAS_ADDED}}
  {{#ARCHIVE}}<p class="archive-info">已上传压缩包：<span class="file-name">{{FILE_NAME}}</span>（{{FORMAT}}，{{SIZE}}，共 <span class="entry-count">{{ENTRIES}}</span> 个文件，{{UPLOADED_AT}}）</p>{{/ARCHIVE}}
  {{#EDITABLE}}{{#CAN_CLEAR}}<form method="post" action="/substitute/oldplan" class="inline-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="clear">
    <button type="submit" class="button">清空已添加课程及文件</button>
  </form>{{/CAN_CLEAR}}{{/EDITABLE}}
</section>
{{#EDITABLE}}<section class="panel">
  <h2>请添加旧计划课程（实践课考核卡）并上传资料</h2>
  <form method="post" action="/substitute/oldplan" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="action" value="save">
    <p class="hint">保存将替换已添加的全部课程；最多10门，不用的行留空。</p>
    {{#HAS_ERR_ROWS}}<p class="field-error">{{ERR_ROWS}}</p>{{/HAS_ERR_ROWS}}
    <div class="table-scroll" tabindex="0" role="region" aria-label="旧计划课程填写表"><table class="data oldplan-form">
      <thead><tr><th scope="col">序号</th><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">合格时间（格式:XXXX-XX-XX）</th><th scope="col">成绩</th></tr></thead>
      <tbody>
        {{#ROW}}<tr><td>{{N}}</td>
          <td><input name="code_{{N}}" value="{{CODE}}" maxlength="5" inputmode="numeric" aria-label="第{{N}}行课程代码">{{#HAS_ERR_CODE}}<p class="field-error" data-field="code_{{N}}">{{ERR_CODE}}</p>{{/HAS_ERR_CODE}}</td>
          <td><input name="name_{{N}}" value="{{NAME}}" maxlength="60" aria-label="第{{N}}行课程名称">{{#HAS_ERR_NAME}}<p class="field-error" data-field="name_{{N}}">{{ERR_NAME}}</p>{{/HAS_ERR_NAME}}</td>
          <td><input name="passed_on_{{N}}" value="{{PASSED_ON}}" maxlength="10" placeholder="XXXX-XX-XX" aria-label="第{{N}}行合格时间">{{#HAS_ERR_PASSED_ON}}<p class="field-error" data-field="passed_on_{{N}}">{{ERR_PASSED_ON}}</p>{{/HAS_ERR_PASSED_ON}}</td>
          <td><input name="score_{{N}}" value="{{SCORE}}" maxlength="3" aria-label="第{{N}}行成绩">{{#HAS_ERR_SCORE}}<p class="field-error" data-field="score_{{N}}">{{ERR_SCORE}}</p>{{/HAS_ERR_SCORE}}</td></tr>
        {{/ROW}}
      </tbody>
    </table></div>
    <div class="field">
      <label for="archive">上传旧计划课程（实践课考核卡）扫描件压缩包（zip或rar文件）</label>
      <input id="archive" name="archive" type="file" accept=".zip,.rar">
      <p class="field-hint">压缩包应小于10MB，其中只能包含扫描件图片（JPG、PNG）或PDF文件，不能加密。已上传过压缩包时可不再选择。</p>
      {{#HAS_ERR_ARCHIVE}}<p class="field-error" data-field="archive">{{ERR_ARCHIVE}}</p>{{/HAS_ERR_ARCHIVE}}
    </div>
    <div class="actions"><button type="submit" class="button primary">保存</button> <a class="button" href="/apply/majors">返回专业选择</a></div>
  </form>
</section>{{/EDITABLE}}
