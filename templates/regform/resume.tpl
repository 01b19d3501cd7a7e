{{%AUTOESCAPE context="HTML"}}<section class="panel">
  <h1>毕业申请个人简历填写</h1>
  {{>STEPS}}
  <p>姓名：{{NAME}}　证件号码：{{ID_NUMBER}}　准考证号：{{TICKET_NO}}</p>
  {{#HAS_FORM_ERROR}}<p class="form-error" role="alert">{{FORM_ERROR}}</p>{{/HAS_FORM_ERROR}}
  <form method="post" action="/regform/resume" novalidate>
    <input type="hidden" name="csrf_token" value="{{CSRF_TOKEN}}">
    <fieldset>
      <legend>学习和工作经历（自何年月至何年月，在何地何单位学习或工作）</legend>
      <p class="field-hint">日期格式：xxxx年xx月xx日（也可只填到月，如2010年09月）；仍在进行的经历，“至何年月”填“至今”。按时间先后填写，时间不能重叠。</p>
      <p class="field-error" id="err-resume" role="alert">{{#HAS_ERR_RESUME}}{{ERR_RESUME}}{{/HAS_ERR_RESUME}}</p>
      {{#ROW}}<div class="resume-row"{{#HAS_ERR_ROW}} aria-invalid="true"{{/HAS_ERR_ROW}}>
        <span class="row-no">{{N}}</span>
        <div class="field"><label for="from-{{N}}">自何年月</label><input id="from-{{N}}" name="resume_from" type="text" value="{{FROM}}" maxlength="20" placeholder="xxxx年xx月xx日" autocomplete="off" aria-describedby="err-row-{{N}}"></div>
        <div class="field"><label for="to-{{N}}">至何年月</label><input id="to-{{N}}" name="resume_to" type="text" value="{{TO}}" maxlength="20" placeholder="xxxx年xx月xx日" autocomplete="off" aria-describedby="err-row-{{N}}"></div>
        <div class="field wide"><label for="place-{{N}}">在何地何单位学习或工作</label><input id="place-{{N}}" name="resume_place" type="text" value="{{PLACE}}" maxlength="60" autocomplete="off" aria-describedby="err-row-{{N}}"></div>
        <p class="field-error" id="err-row-{{N}}">{{#HAS_ERR_ROW}}{{ERR_ROW}}{{/HAS_ERR_ROW}}</p>
      </div>
      {{/ROW}}
      <p class="field-hint">提示：学习或工作经历至少填写一栏，最多10栏。</p>
      {{#CAN_ADD_ROW}}<button type="submit" name="action" value="add_row" class="button">增加一行</button>{{/CAN_ADD_ROW}}
    </fieldset>
    <fieldset>
      <legend>家庭主要成员姓名、工作单位和职务</legend>
      <p class="field-hint">格式要求：家庭成员姓名:xxx、工作单位:xxxx、职务:xxxx。每行填写一位家庭成员，没有的项目可不填。</p>
      <p class="field-error" id="err-family" role="alert">{{#HAS_ERR_FAMILY}}{{ERR_FAMILY}}{{/HAS_ERR_FAMILY}}</p>
      {{#MEMBER}}<div class="member-row"{{#HAS_ERR_MEMBER}} aria-invalid="true"{{/HAS_ERR_MEMBER}}>
        <span class="row-no">{{N}}</span>
        <div class="field"><label for="member-name-{{N}}">姓名</label><input id="member-name-{{N}}" name="member_name" type="text" value="{{MEMBER_NAME}}" maxlength="30" autocomplete="off" aria-describedby="err-member-{{N}}"></div>
        <div class="field"><label for="member-relation-{{N}}">称谓</label><input id="member-relation-{{N}}" name="member_relation" type="text" value="{{RELATION}}" maxlength="10" placeholder="如：父亲" autocomplete="off" aria-describedby="err-member-{{N}}"></div>
        <div class="field"><label for="member-employer-{{N}}">工作单位</label><input id="member-employer-{{N}}" name="member_employer" type="text" value="{{EMPLOYER}}" maxlength="60" autocomplete="off" aria-describedby="err-member-{{N}}"></div>
        <div class="field"><label for="member-position-{{N}}">职务</label><input id="member-position-{{N}}" name="member_position" type="text" value="{{POSITION}}" maxlength="30" autocomplete="off" aria-describedby="err-member-{{N}}"></div>
        <p class="field-error" id="err-member-{{N}}">{{#HAS_ERR_MEMBER}}{{ERR_MEMBER}}{{/HAS_ERR_MEMBER}}</p>
      </div>
      {{/MEMBER}}
      {{#CAN_ADD_MEMBER}}<button type="submit" name="action" value="add_member" class="button">增加一位家庭成员</button>{{/CAN_ADD_MEMBER}}
    </fieldset>
    <div class="field">
      <label for="rewards">参加自学考试期间受到过何种奖励或处分</label>
      <textarea id="rewards" name="rewards" rows="3" maxlength="200" aria-describedby="hint-rewards err-rewards"{{#HAS_ERR_REWARDS}} aria-invalid="true"{{/HAS_ERR_REWARDS}}>{{REWARDS}}</textarea>
      <p class="field-hint" id="hint-rewards">格式要求：奖励:xxxx、处分:xxxx。没有的可不填，登记表上印“无”。</p>
      <p class="field-error" id="err-rewards">{{#HAS_ERR_REWARDS}}{{ERR_REWARDS}}{{/HAS_ERR_REWARDS}}</p>
    </div>
    <fieldset>
      <legend>自我鉴定（政治思想、工作、学习等方面的总结，不得少于400字）</legend>
      <div class="field">
        <label class="radio"><input type="radio" name="self_evaluation_mode" value="typed" aria-controls="self_evaluation"{{#MODE_TYPED}} checked{{/MODE_TYPED}}> 在此输入</label>
        <label class="radio"><input type="radio" name="self_evaluation_mode" value="handwritten"{{#MODE_HANDWRITTEN}} checked{{/MODE_HANDWRITTEN}}> 打印后手写（登记表上留出空白横线）</label>
        <p class="field-error" id="err-self_evaluation_mode">{{#HAS_ERR_SELF_EVALUATION_MODE}}{{ERR_SELF_EVALUATION_MODE}}{{/HAS_ERR_SELF_EVALUATION_MODE}}</p>
      </div>
      <div class="field">
        <label for="self_evaluation">自我鉴定内容</label>
        <textarea id="self_evaluation" name="self_evaluation" rows="12" maxlength="{{MAX_CHARS}}" data-min-han="{{MIN_HAN}}" aria-describedby="self-evaluation-count err-self_evaluation"{{#HAS_ERR_SELF_EVALUATION}} aria-invalid="true"{{/HAS_ERR_SELF_EVALUATION}}>{{SELF_EVALUATION}}</textarea>
        <p class="field-hint" id="self-evaluation-count" aria-live="polite">已输入 <strong class="han-count">{{HAN_COUNT}}</strong> 字（只计汉字），至少 {{MIN_HAN}} 字，最多 {{MAX_CHARS}} 个字符。</p>
        <p class="field-error" id="err-self_evaluation">{{#HAS_ERR_SELF_EVALUATION}}{{ERR_SELF_EVALUATION}}{{/HAS_ERR_SELF_EVALUATION}}</p>
      </div>
    </fieldset>
    <p class="hint">提示：1.毕业申请个人简历填写为自考毕业生采集档案相关资料的重要环节，请考生如实填写个人简历信息。<br>2.“自我鉴定”一栏可采用电脑输入，也可打印后手写完成。<br>3.考生可多次修改和导出毕业生登记表操作。</p>
    <div class="actions">
      <button type="submit" name="action" value="back" class="button">上一步</button>
      <button type="submit" name="action" value="export" class="button primary">保存并导出PDF</button>
    </div>
  </form>
</section>
<script src="/static/regform.js" defer></script>
