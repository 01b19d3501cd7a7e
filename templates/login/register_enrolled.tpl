{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>在籍考生认证</h1>
  {{>STEPS}}
  <p>请输入身份证号和姓名，系统将与您的考籍信息进行核对。已设置过密码但忘记的考生，也请从这里重新认证。</p>
  {{#HAS_NOTICE}}<p class="form-error" role="alert">{{NOTICE}}</p>{{/HAS_NOTICE}}
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <form method="post" action="/register/enrolled" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <input type="hidden" name="step" value="identify">
    <div class="field">
      <label for="id_number">身份证号</label>
      <input id="id_number" name="id_number" type="text" value="{{ID_NUMBER}}" maxlength="18" autocomplete="off" required{{#HAS_ERR_ID_NUMBER}} aria-invalid="true" aria-describedby="err-id_number"{{/HAS_ERR_ID_NUMBER}}>
      {{#HAS_ERR_ID_NUMBER}}<p class="field-error" id="err-id_number">{{ERR_ID_NUMBER}}</p>{{/HAS_ERR_ID_NUMBER}}
    </div>
    <div class="field">
      <label for="name">姓名</label>
      <input id="name" name="name" type="text" value="{{NAME}}" maxlength="30" autocomplete="name" required{{#HAS_ERR_NAME}} aria-invalid="true" aria-describedby="err-name"{{/HAS_ERR_NAME}}>
      {{#HAS_ERR_NAME}}<p class="field-error" id="err-name">{{ERR_NAME}}</p>{{/HAS_ERR_NAME}}
    </div>
    <div class="actions"><button type="submit" class="button primary">下一步</button> <a class="button" href="/register">返回</a></div>
  </form>
</section>
