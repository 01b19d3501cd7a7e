{{%AUTOESCAPE context="HTML"}}<ol class="steps" aria-label="办理步骤">
{{#STEP}}<li class="step {{STATE}}"{{#CURRENT}} aria-current="step"{{/CURRENT}}><span class="step-no">{{NUMBER}}</span><span class="step-title">{{TITLE}}</span></li>{{/STEP}}
</ol>
