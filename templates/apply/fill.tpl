{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>毕业申请信息填报</h1>
  {{>STEPS}}
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <form method="post" action="/apply" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <table class="profile">
      <tr><th scope="row">姓名</th><td>{{NAME}}</td><th scope="row">身份证号</th><td>{{ID_NUMBER}}</td></tr>
      <tr><th scope="row">性别</th><td>{{GENDER}}</td><th scope="row">准考证号</th><td>{{TICKET_NO}}</td></tr>
    </table>
    <div class="form-grid">
      <div class="field">
        <label for="county_code">毕业申请区县 <span class="required">*</span></label>
        <select id="county_code" name="county_code" required{{#HAS_ERR_COUNTY_CODE}} aria-invalid="true" aria-describedby="err-county_code"{{/HAS_ERR_COUNTY_CODE}}><option value="">请选择</option>{{#CITY}}<optgroup label="{{CITY_NAME}}">{{#COUNTY}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>{{/COUNTY}}</optgroup>{{/CITY}}</select>
        {{#HAS_ERR_COUNTY_CODE}}<p class="field-error" id="err-county_code">{{ERR_COUNTY_CODE}}</p>{{/HAS_ERR_COUNTY_CODE}}
      </div>
      <div class="field">
        <label for="phone">手机号 <span class="required">*</span></label>
        <input id="phone" name="phone" type="tel" value="{{PHONE}}" maxlength="11" autocomplete="tel" required{{#HAS_ERR_PHONE}} aria-invalid="true" aria-describedby="err-phone"{{/HAS_ERR_PHONE}}>
        {{#HAS_ERR_PHONE}}<p class="field-error" id="err-phone">{{ERR_PHONE}}</p>{{/HAS_ERR_PHONE}}
      </div>
      <div class="field">
        <label for="address">地址 <span class="required">*</span></label>
        <input id="address" name="address" type="text" value="{{ADDRESS}}" maxlength="200" autocomplete="street-address" required{{#HAS_ERR_ADDRESS}} aria-invalid="true" aria-describedby="err-address"{{/HAS_ERR_ADDRESS}}>
        {{#HAS_ERR_ADDRESS}}<p class="field-error" id="err-address">{{ERR_ADDRESS}}</p>{{/HAS_ERR_ADDRESS}}
      </div>
    </div>
    <p class="hint">重要提示：个人信息非常重要，涉及考生毕业证书及档案资料信息，请考生务必认真核对姓名、身份证号、准考证号、性别、准考证照片等是否正确，如有错误请在网上毕业申请期间尽快到县（市、区）自考部门进行信息修改，修改成功后再进行网上毕业申请。</p>
    <p><a href="/contacts" rel="noopener">点击查看：山西省各区县自考部门地址及联系方式</a></p>
    <fieldset{{#HAS_ERR_INSTITUTION}} aria-describedby="err-institution"{{/HAS_ERR_INSTITUTION}}>
      <legend>毕业院校选择</legend>
      <ul class="tiles institution-grid">
        {{#INSTITUTION}}<li><label><input type="checkbox" name="institution" value="{{CODE}}"{{#CHECKED}} checked{{/CHECKED}}> {{INST_NAME}}</label></li>
        {{/INSTITUTION}}
      </ul>
      {{#HAS_ERR_INSTITUTION}}<p class="field-error" id="err-institution">{{ERR_INSTITUTION}}</p>{{/HAS_ERR_INSTITUTION}}
      <p class="hint">提示：考生毕业申请最多可选择两所主考院校。</p>
    </fieldset>
    <div class="actions"><button type="submit" class="button primary">下一步</button> <a class="button" href="/">返回首页</a></div>
  </form>
</section>
