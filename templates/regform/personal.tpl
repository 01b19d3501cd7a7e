{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>毕业登记信息填写</h1>
  {{>STEPS}}
  <p class="hint">提示：毕业信息登记为自考毕业生采集档案相关资料的重要环节，请考生如实填写个人基本信息。</p>
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <form method="post" action="/regform" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <table class="profile">
      <tr><th scope="row">姓名</th><td>{{NAME}}</td><th scope="row">身份证号</th><td>{{ID_NUMBER}}</td></tr>
      <tr><th scope="row">性别</th><td>{{GENDER}}</td><th scope="row">准考证号</th><td>{{TICKET_NO}}</td></tr>
    </table>
    <p class="field-hint">标有 <span class="required">*</span> 的项目为必填项。</p>
    <div class="form-grid">
      <div class="field">
        <label for="ethnicity">民族 <span class="required">*</span></label>
        <select id="ethnicity" name="ethnicity" required{{#HAS_ERR_ETHNICITY}} aria-invalid="true"{{/HAS_ERR_ETHNICITY}} aria-describedby="err-ethnicity"><option value="">请选择</option>{{#ETHNICITY}}<option{{#SELECTED}} selected{{/SELECTED}}>{{OPTION}}</option>{{/ETHNICITY}}</select>
        <p class="field-error" id="err-ethnicity">{{#HAS_ERR_ETHNICITY}}{{ERR_ETHNICITY}}{{/HAS_ERR_ETHNICITY}}</p>
      </div>
      <div class="field">
        <label for="occupation">职业 <span class="required">*</span></label>
        <input id="occupation" name="occupation" type="text" value="{{OCCUPATION}}" maxlength="30" autocomplete="off" required{{#HAS_ERR_OCCUPATION}} aria-invalid="true"{{/HAS_ERR_OCCUPATION}} aria-describedby="err-occupation">
        <p class="field-error" id="err-occupation">{{#HAS_ERR_OCCUPATION}}{{ERR_OCCUPATION}}{{/HAS_ERR_OCCUPATION}}</p>
      </div>
      <div class="field">
        <label for="political_status">政治面貌 <span class="required">*</span></label>
        <select id="political_status" name="political_status" required{{#HAS_ERR_POLITICAL_STATUS}} aria-invalid="true"{{/HAS_ERR_POLITICAL_STATUS}} aria-describedby="err-political_status"><option value="">请选择</option>{{#POLITICAL}}<option{{#SELECTED}} selected{{/SELECTED}}>{{OPTION}}</option>{{/POLITICAL}}</select>
        <p class="field-error" id="err-political_status">{{#HAS_ERR_POLITICAL_STATUS}}{{ERR_POLITICAL_STATUS}}{{/HAS_ERR_POLITICAL_STATUS}}</p>
      </div>
      <div class="field">
        <label for="phone">手机号 <span class="required">*</span></label>
        <input id="phone" name="phone" type="tel" value="{{PHONE}}" maxlength="11" autocomplete="tel" required{{#HAS_ERR_PHONE}} aria-invalid="true"{{/HAS_ERR_PHONE}} aria-describedby="err-phone">
        <p class="field-error" id="err-phone">{{#HAS_ERR_PHONE}}{{ERR_PHONE}}{{/HAS_ERR_PHONE}}</p>
      </div>
      <div class="field">
        <label for="education">已取得学历 <span class="required">*</span></label>
        <input id="education" name="education" type="text" value="{{EDUCATION}}" maxlength="30" autocomplete="off" required{{#HAS_ERR_EDUCATION}} aria-invalid="true"{{/HAS_ERR_EDUCATION}} aria-describedby="hint-education err-education">
        <p class="field-hint" id="hint-education">如：高中、中专、大学专科</p>
        <p class="field-error" id="err-education">{{#HAS_ERR_EDUCATION}}{{ERR_EDUCATION}}{{/HAS_ERR_EDUCATION}}</p>
      </div>
      <div class="field">
        <label for="health">健康状况 <span class="required">*</span></label>
        <input id="health" name="health" type="text" value="{{HEALTH}}" maxlength="20" autocomplete="off" required{{#HAS_ERR_HEALTH}} aria-invalid="true"{{/HAS_ERR_HEALTH}} aria-describedby="hint-health err-health">
        <p class="field-hint" id="hint-health">如：健康、良好</p>
        <p class="field-error" id="err-health">{{#HAS_ERR_HEALTH}}{{ERR_HEALTH}}{{/HAS_ERR_HEALTH}}</p>
      </div>
      <div class="field">
        <label for="work_start">参加工作时间 <span class="required">*</span></label>
        <input id="work_start" name="work_start" type="text" value="{{WORK_START}}" maxlength="20" autocomplete="off" placeholder="xxxx年xx月xx日" required{{#HAS_ERR_WORK_START}} aria-invalid="true"{{/HAS_ERR_WORK_START}} aria-describedby="hint-work_start err-work_start">
        <p class="field-hint" id="hint-work_start">格式：xxxx年xx月xx日</p>
        <p class="field-error" id="err-work_start">{{#HAS_ERR_WORK_START}}{{ERR_WORK_START}}{{/HAS_ERR_WORK_START}}</p>
      </div>
      <div class="field">
        <fieldset class="inline-choice"{{#HAS_ERR_OVERSEAS_RELATIVE}} aria-invalid="true"{{/HAS_ERR_OVERSEAS_RELATIVE}} aria-describedby="err-overseas_relative">
          <legend>是否华侨、港澳、台属 <span class="required">*</span></legend>
          <label class="radio"><input type="radio" name="overseas_relative" value="是"{{#OVERSEAS_YES}} checked{{/OVERSEAS_YES}}> 是</label>
          <label class="radio"><input type="radio" name="overseas_relative" value="否"{{#OVERSEAS_NO}} checked{{/OVERSEAS_NO}}> 否</label>
        </fieldset>
        <p class="field-error" id="err-overseas_relative">{{#HAS_ERR_OVERSEAS_RELATIVE}}{{ERR_OVERSEAS_RELATIVE}}{{/HAS_ERR_OVERSEAS_RELATIVE}}</p>
      </div>
      <div class="field">
        <label for="native_place">籍贯 <span class="required">*</span></label>
        <input id="native_place" name="native_place" type="text" value="{{NATIVE_PLACE}}" maxlength="30" autocomplete="off" placeholder="xxx省xxx市" required{{#HAS_ERR_NATIVE_PLACE}} aria-invalid="true"{{/HAS_ERR_NATIVE_PLACE}} aria-describedby="hint-native_place err-native_place">
        <p class="field-hint" id="hint-native_place">格式：xxx省xxx市，如：山西省太原市</p>
        <p class="field-error" id="err-native_place">{{#HAS_ERR_NATIVE_PLACE}}{{ERR_NATIVE_PLACE}}{{/HAS_ERR_NATIVE_PLACE}}</p>
      </div>
      <div class="field">
        <label for="employer">工作单位 <span class="required">*</span></label>
        <input id="employer" name="employer" type="text" value="{{EMPLOYER}}" maxlength="60" autocomplete="off" required{{#HAS_ERR_EMPLOYER}} aria-invalid="true"{{/HAS_ERR_EMPLOYER}} aria-describedby="hint-employer err-employer">
        <p class="field-hint" id="hint-employer">没有工作单位的请填“无”</p>
        <p class="field-error" id="err-employer">{{#HAS_ERR_EMPLOYER}}{{ERR_EMPLOYER}}{{/HAS_ERR_EMPLOYER}}</p>
      </div>
      <div class="field">
        <label for="address">详细住址 <span class="required">*</span></label>
        <input id="address" name="address" type="text" value="{{ADDRESS}}" maxlength="100" autocomplete="street-address" required{{#HAS_ERR_ADDRESS}} aria-invalid="true"{{/HAS_ERR_ADDRESS}} aria-describedby="err-address">
        <p class="field-error" id="err-address">{{#HAS_ERR_ADDRESS}}{{ERR_ADDRESS}}{{/HAS_ERR_ADDRESS}}</p>
      </div>
    </div>
    <p class="hint">提示：毕业信息登记为自考毕业生采集档案相关资料的重要环节，请考生如实填写个人基本信息。</p>
    <div class="actions"><button type="submit" class="button primary">下一步</button> <a class="button" href="/apply/status">返回毕业申请信息详情</a></div>
  </form>
</section>
