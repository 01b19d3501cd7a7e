{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <div class="panel-head">
    <h1>添加旧计划课程（实践课考核卡）</h1>
    <p class="panel-links"><a href="/apply/majors">返回专业选择</a></p>
  </div>
  <p class="hint">提示：如考生持有旧计划课程合格证（红卡/绿卡）或实践课考核卡且相应的成绩未在本人历次合格课程库（2001年之后）中查询到的，请在此添加，并上传扫描件压缩包。请考生务必按照格式要求上传“旧计划课程（实践课考核卡）扫描件压缩包”，将上传的材料原件与《毕业生登记表》在规定时间内一并交回县（市、区）自考部门，不上传扫描件资料或未按时提交纸质原件者，毕业申请无效。</p>
  {{#SUBMITTED}}<p class="form-error" role="alert">申请已提交，不能再修改顶替课程。</p>{{/SUBMITTED}}
  {{#HAS_ERRORS}}<p class="form-error" role="alert">提交的信息有误，请按提示修改后重新提交；本次没有保存任何改动，已填写的内容和检查通过的压缩包已保留。</p>{{/HAS_ERRORS}}
</section>
<section class="panel">
  <h2>已添加的旧计划课程</h2>
  {{#HAS_ADDED}}<div class="table-scroll" tabindex="0" role="region" aria-label="已添加的旧计划课程表"><table class="data oldplan-courses">
    <thead><tr><th scope="col">序号</th><th scope="col">课程代码</th><th scope="col">课程名称</th><th scope="col">合格时间</th><th scope="col">成绩</th><th scope="col">状态</th>{{#EDITABLE}}<th scope="col">操作</th>{{/EDITABLE}}</tr></thead>
    <tbody>
      {{#ADDED}}{{#SHOW}}<tr><td>{{SEQ}}</td><td>{{CODE}}</td><td>{{NAME}}</td><td>{{PASSED_ON}}</td><td>{{SCORE}}</td><td>{{STATE}}</td>{{#ACTIONS}}<td class="row-actions">
        <a class="button" href="/substitute/oldplan?edit={{CODE}}" aria-label="修改{{CODE}}">修改</a>
        <form method="post" action="/substitute/oldplan" class="inline-form"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="remove"><input type="hidden" name="code" value="{{CODE}}"><button type="submit" class="button" aria-label="删除{{CODE}}">删除</button></form>
      </td>{{/ACTIONS}}</tr>{{/SHOW}}{{#EDIT}}<tr class="editing"><td>{{SEQ}}</td>
        <td><input form="oldplan-edit" name="code" value="{{CODE}}" maxlength="5" inputmode="numeric" aria-label="修改课程代码"{{#HAS_ERR_CODE}} aria-invalid="true" aria-describedby="err-edit-code"{{/HAS_ERR_CODE}}>{{#HAS_ERR_CODE}}<p class="field-error" id="err-edit-code" data-field="code">{{ERR_CODE}}</p>{{/HAS_ERR_CODE}}</td>
        <td><input form="oldplan-edit" name="name" value="{{NAME}}" maxlength="60" aria-label="修改课程名称"{{#HAS_ERR_NAME}} aria-invalid="true" aria-describedby="err-edit-name"{{/HAS_ERR_NAME}}>{{#HAS_ERR_NAME}}<p class="field-error" id="err-edit-name" data-field="name">{{ERR_NAME}}</p>{{/HAS_ERR_NAME}}</td>
        <td><input form="oldplan-edit" name="passed_on" value="{{PASSED_ON}}" maxlength="20" aria-label="修改合格时间"{{#HAS_ERR_PASSED_ON}} aria-invalid="true" aria-describedby="err-edit-passed_on"{{/HAS_ERR_PASSED_ON}}>{{#HAS_ERR_PASSED_ON}}<p class="field-error" id="err-edit-passed_on" data-field="passed_on">{{ERR_PASSED_ON}}</p>{{/HAS_ERR_PASSED_ON}}</td>
        <td><input form="oldplan-edit" name="score" value="{{SCORE}}" maxlength="3" aria-label="修改成绩"{{#HAS_ERR_SCORE}} aria-invalid="true" aria-describedby="err-edit-score"{{/HAS_ERR_SCORE}}>{{#HAS_ERR_SCORE}}<p class="field-error" id="err-edit-score" data-field="score">{{ERR_SCORE}}</p>{{/HAS_ERR_SCORE}}</td>
        <td>{{STATE}}</td><td class="row-actions"><button form="oldplan-edit" type="submit" class="button primary">保存修改</button> <a class="button" href="/substitute/oldplan">取消</a></td></tr>{{/EDIT}}
      {{/ADDED}}
    </tbody>
  </table></div>{{/HAS_ADDED}}
  {{#EDIT_FORM}}<form id="oldplan-edit" method="post" action="/substitute/oldplan"><input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="change"><input type="hidden" name="original" value="{{ORIGINAL}}"></form>{{/EDIT_FORM}}
  {{#ARCHIVE}}<p class="archive-info">已上传压缩包：<span class="file-name">{{FILE_NAME}}</span>（{{FORMAT}}，{{SIZE}}，共 <span class="entry-count">{{ENTRIES}}</span> 个文件，{{UPLOADED_AT}}）</p>{{/ARCHIVE}}
  {{#EDITABLE}}{{#REPLACE_ARCHIVE}}<form method="post" action="/substitute/oldplan" enctype="multipart/form-data" class="replace-archive">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="archive">
    <label for="replace_archive">重新选择压缩包（替换已上传的压缩包）</label>
    <input id="replace_archive" name="archive" type="file" accept=".zip,.rar"{{#HAS_ERR_ARCHIVE}} aria-invalid="true" aria-describedby="err-replace_archive"{{/HAS_ERR_ARCHIVE}}>
    <button type="submit" class="button">上传并替换</button>
    {{#HAS_ERR_ARCHIVE}}<p class="field-error" id="err-replace_archive" data-field="archive">{{ERR_ARCHIVE}}</p>{{/HAS_ERR_ARCHIVE}}
  </form>{{/REPLACE_ARCHIVE}}
  {{#CAN_CLEAR}}<form method="post" action="/substitute/oldplan" class="inline-form">
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}"><input type="hidden" name="action" value="clear">
    <button type="submit" class="button">清空已添加课程及文件</button>
  </form>{{/CAN_CLEAR}}{{/EDITABLE}}
</section>
{{#EDITABLE}}<section class="panel">
  <h2>添加一门旧计划课程（实践课考核卡）</h2>
  {{#FULL}}<p class="hint">已添加10门课程，不能再添加；如需更换请修改或删除已添加的课程。</p>{{/FULL}}
  {{#CAN_ADD}}<form method="post" action="/substitute/oldplan" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="action" value="add">
    <p class="hint">每次添加一门课程，最多10门；已添加的课程可在上方逐门修改或删除。</p>
    {{#HAS_ERR_ROWS}}<p class="field-error" data-field="rows">{{ERR_ROWS}}</p>{{/HAS_ERR_ROWS}}
    <div class="form-grid">
      <div class="field"><label for="code">课程代码</label><input id="code" name="code" value="{{CODE}}" maxlength="5" inputmode="numeric"{{#HAS_ERR_CODE}} aria-invalid="true" aria-describedby="err-code"{{/HAS_ERR_CODE}}>{{#HAS_ERR_CODE}}<p class="field-error" id="err-code" data-field="code">{{ERR_CODE}}</p>{{/HAS_ERR_CODE}}</div>
      <div class="field"><label for="name">课程名称</label><input id="name" name="name" value="{{NAME}}" maxlength="60"{{#HAS_ERR_NAME}} aria-invalid="true" aria-describedby="err-name"{{/HAS_ERR_NAME}}>{{#HAS_ERR_NAME}}<p class="field-error" id="err-name" data-field="name">{{ERR_NAME}}</p>{{/HAS_ERR_NAME}}</div>
      <div class="field"><label for="passed_on">合格时间</label><input id="passed_on" name="passed_on" value="{{PASSED_ON}}" maxlength="20" placeholder="XXXX-XX-XX" aria-describedby="passed_on_hint{{#HAS_ERR_PASSED_ON}} err-passed_on{{/HAS_ERR_PASSED_ON}}"{{#HAS_ERR_PASSED_ON}} aria-invalid="true"{{/HAS_ERR_PASSED_ON}}><p class="field-hint" id="passed_on_hint">例如2003-10-26，也可写作2003/10/26、2003.10.26或2003年10月26日。</p>{{#HAS_ERR_PASSED_ON}}<p class="field-error" id="err-passed_on" data-field="passed_on">{{ERR_PASSED_ON}}</p>{{/HAS_ERR_PASSED_ON}}</div>
      <div class="field"><label for="score">成绩</label><input id="score" name="score" value="{{SCORE}}" maxlength="3" aria-describedby="score_hint{{#HAS_ERR_SCORE}} err-score{{/HAS_ERR_SCORE}}"{{#HAS_ERR_SCORE}} aria-invalid="true"{{/HAS_ERR_SCORE}}><p class="field-hint" id="score_hint">60到100的整数，或“合格”。</p>{{#HAS_ERR_SCORE}}<p class="field-error" id="err-score" data-field="score">{{ERR_SCORE}}</p>{{/HAS_ERR_SCORE}}</div>
    </div>
    {{#NEEDS_ARCHIVE}}<div class="field">
      <label for="archive">上传旧计划课程（实践课考核卡）扫描件压缩包（zip或rar文件）</label>
      {{#KEPT_ARCHIVE}}<p class="kept-upload" id="kept_archive"><span class="kept-mark">已上传</span>：<span class="file-name">{{FILE_NAME}}</span>（{{SIZE}}）已通过检查，添加课程时一并保存；如需更换，请重新选择：</p>{{/KEPT_ARCHIVE}}
      <input id="archive" name="archive" type="file" accept=".zip,.rar"{{#HAS_ERR_ARCHIVE}} aria-invalid="true" aria-describedby="err-archive"{{/HAS_ERR_ARCHIVE}}>
      <p class="field-hint">压缩包应小于10MB，其中只能包含扫描件图片（JPG、PNG）或PDF文件，不能加密。</p>
      {{#HAS_ERR_ARCHIVE}}<p class="field-error" id="err-archive" data-field="archive">{{ERR_ARCHIVE}}</p>{{/HAS_ERR_ARCHIVE}}
    </div>{{/NEEDS_ARCHIVE}}
    <div class="actions"><button type="submit" class="button primary">添加课程</button> <a class="button" href="/apply/majors">返回专业选择</a></div>
  </form>{{/CAN_ADD}}
</section>{{/EDITABLE}}